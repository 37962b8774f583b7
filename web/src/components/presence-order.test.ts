import { describe, expect, it } from 'vitest';
import type { PresentUser } from '../hooks/use-awareness';
import { isYourKey, orderForBar, peopleOf } from './presence-order';

/** One tab: `key` is what the server wrote into its presence (none for this tab's own state). */
const tab = (clientId: number, name: string, pane: PresentUser['state']['pane'], key?: string, isLocal = false): PresentUser => ({
  clientId,
  isLocal,
  state: { user: { name, color: `#00${clientId}`, ...(key ? { key } : {}) }, pane },
});

const names = (users: readonly PresentUser[], selfKey: string | null = null) => orderForBar(peopleOf(users, selfKey)).map((person) => person.name);

describe('peopleOf', () => {
  it('counts people, not tabs: tabs with one key are one person, with the panes of all of them', () => {
    const people = peopleOf(
      [tab(1, 'Ada', 'map', 'ka'), tab(2, 'Ada', 'outcomes', 'ka'), tab(3, 'Ada', 'map', 'ka'), tab(4, 'Bea', 'map', 'kb')],
      null,
    );
    expect(people).toEqual([
      { key: 'ka', name: 'Ada', colour: '#001', panes: ['map', 'outcomes'], isLocal: false },
      { key: 'kb', name: 'Bea', colour: '#004', panes: ['map'], isLocal: false },
    ]);
  });

  it('makes this tab one person with your other tabs, by your own key, this tab’s pane first', () => {
    const people = peopleOf([tab(9, 'Eli', 'purpose', undefined, true), tab(5, 'Eli', 'map', 'ke'), tab(6, 'Fay', undefined, 'kf')], 'ke');
    expect(people).toEqual([
      { key: 'ke', name: 'Eli', colour: '#009', panes: ['purpose', 'map'], isLocal: true },
      { key: 'kf', name: 'Fay', colour: '#006', panes: [], isLocal: false },
    ]);
  });

  it('keeps apart two people of the same name, and tabs whose state carries no key', () => {
    const people = peopleOf([tab(1, 'Ada', 'map', 'k1'), tab(2, 'Ada', 'map', 'k2'), tab(3, 'Cal', 'map'), tab(4, 'Cal', 'map')], null);
    expect(people.map((person) => person.key)).toEqual(['k1', 'k2', 'client:3', 'client:4']);
  });
});

describe('orderForBar', () => {
  it('puts you first, then the people in your pane, then everyone else, each group in the order given', () => {
    const users = [
      tab(5, 'Eli', 'outcomes', undefined, true),
      tab(1, 'Ada', 'map', 'ka'),
      tab(2, 'Bea', 'outcomes', 'kb'),
      tab(3, 'Cal', 'map', 'kc'),
      tab(4, 'Dev', undefined, 'kd'),
      tab(6, 'Fay', 'outcomes', 'kf'),
    ];
    expect(names(users)).toEqual(['Eli', 'Bea', 'Fay', 'Ada', 'Cal', 'Dev']);
  });

  it('counts someone as in your pane when any of their tabs is', () => {
    const users = [tab(9, 'Eli', 'map', undefined, true), tab(1, 'Ada', 'purpose', 'ka'), tab(2, 'Bea', 'purpose', 'kb'), tab(3, 'Bea', 'map', 'kb')];
    expect(names(users)).toEqual(['Eli', 'Bea', 'Ada']);
  });

  it('keeps the order given when you have no pane yet, or are not in the list', () => {
    expect(names([tab(2, 'Bea', undefined, undefined, true), tab(1, 'Ada', 'map', 'ka'), tab(3, 'Cal', undefined, 'kc')])).toEqual(['Bea', 'Ada', 'Cal']);
    const others = peopleOf([tab(1, 'Ada', 'map', 'ka'), tab(3, 'Cal', 'purpose', 'kc')], null);
    expect(orderForBar(others)).toEqual(others);
  });
});

describe('isYourKey', () => {
  it('is true only for your own key, and never while your key is unknown', () => {
    expect(isYourKey('ka', 'ka')).toBe(true);
    expect(isYourKey('kb', 'ka')).toBe(false);
    expect(isYourKey(undefined, 'ka')).toBe(false);
    expect(isYourKey(undefined, null)).toBe(false);
    expect(isYourKey(null, null)).toBe(false);
  });
});
