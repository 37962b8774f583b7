import { describe, expect, it } from 'vitest';
import type { PresentUser } from '../hooks/use-awareness';
import { orderForBar } from './presence-order';

const person = (clientId: number, name: string, pane: PresentUser['state']['pane'], isLocal = false): PresentUser => ({
  clientId,
  isLocal,
  state: { user: { name, color: '#005eb8' }, pane },
});

describe('orderForBar', () => {
  it('puts you first, then the people in your pane, then everyone else, each group in the order given', () => {
    const users = [
      person(1, 'Ada', 'map'),
      person(2, 'Bea', 'outcomes'),
      person(3, 'Cal', 'map'),
      person(4, 'Dev', undefined),
      person(5, 'Eli', 'outcomes', true),
      person(6, 'Fay', 'outcomes'),
    ];
    expect(orderForBar(users).map((user) => user.state.user.name)).toEqual(['Eli', 'Bea', 'Fay', 'Ada', 'Cal', 'Dev']);
  });

  it('keeps the order given when you have no pane yet, or are not in the list', () => {
    const users = [person(1, 'Ada', 'map'), person(2, 'Bea', undefined, true), person(3, 'Cal', undefined)];
    expect(orderForBar(users).map((user) => user.state.user.name)).toEqual(['Bea', 'Ada', 'Cal']);
    const others = [person(1, 'Ada', 'map'), person(3, 'Cal', 'purpose')];
    expect(orderForBar(others)).toEqual(others);
  });
});
