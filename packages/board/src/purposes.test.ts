import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addPurpose,
  deletePurpose,
  getPurposeFragment,
  getRoots,
  listPurposes,
  movePurpose,
  parseCohortSize,
  updatePurpose,
  type Author,
} from './index.js';

function clock(start = 1000): Author & { now: () => number; set(t: number): void } {
  let t = start;
  return { name: 'amy', now: () => t, set: (next: number) => void (t = next) };
}

describe('purposes', () => {
  it('adds a purpose with its fields, stamps and an empty Y.XmlFragment', () => {
    const doc = new Y.Doc();
    const author = clock(1234);
    const id = addPurpose(doc, { title: 'Why', cohort: 'Over 65s' }, author);
    const [only, ...rest] = listPurposes(doc);
    expect(rest).toEqual([]);
    expect(only).toEqual({
      ok: true,
      value: { id, title: 'Why', cohort: 'Over 65s', order: expect.any(String), createdBy: 'amy', createdAt: 1234, updatedAt: 1234 },
    });
    const fragment = getPurposeFragment(doc, id);
    expect(fragment).toBeInstanceOf(Y.XmlFragment);
    expect(fragment?.length).toBe(0);
    expect(fragment?.doc).toBe(doc);
  });

  it('lists purposes in the order they were added', () => {
    const doc = new Y.Doc();
    const ids = ['one', 'two', 'three', 'four'].map((title) => addPurpose(doc, { title }, clock()));
    expect(listPurposes(doc).map((r) => (r.ok ? r.value.id : r.id))).toEqual(ids);
  });

  it('keeps text written into the fragment, and the fragment survives a sync', () => {
    const doc = new Y.Doc();
    const id = addPurpose(doc, { title: 'Why' }, clock());
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Stay well at home')]);
    getPurposeFragment(doc, id)?.insert(0, [paragraph]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(getPurposeFragment(copy, id)?.toString()).toBe('<paragraph>Stay well at home</paragraph>');
  });

  it('updatePurpose changes the fields and bumps updatedAt with the injected clock', () => {
    const doc = new Y.Doc();
    const author = clock(1000);
    const id = addPurpose(doc, { title: 'Why' }, author);
    author.set(5000);
    updatePurpose(doc, id, { title: 'Why we exist', cohort: 'Carers' }, author);
    const [result] = listPurposes(doc);
    expect(result).toMatchObject({ ok: true, value: { title: 'Why we exist', cohort: 'Carers', createdAt: 1000, updatedAt: 5000 } });
  });

  it('updatePurpose with unchanged values writes nothing and keeps updatedAt', () => {
    const doc = new Y.Doc();
    const author = clock(1000);
    const id = addPurpose(doc, { title: 'Why' }, author);
    author.set(9000);
    let updates = 0;
    doc.on('update', () => updates++);
    updatePurpose(doc, id, { title: 'Why' }, author);
    expect(updates).toBe(0);
    expect(listPurposes(doc)[0]).toMatchObject({ ok: true, value: { updatedAt: 1000 } });
  });

  it('update and fragment of a deleted purpose do nothing', () => {
    const doc = new Y.Doc();
    const id = addPurpose(doc, { title: 'Why' }, clock());
    deletePurpose(doc, id);
    expect(listPurposes(doc)).toEqual([]);
    expect(getPurposeFragment(doc, id)).toBeUndefined();
    expect(() => updatePurpose(doc, id, { title: 'x' }, clock())).not.toThrow();
    expect(getRoots(doc).purposes.size).toBe(0);
  });

  it('lists broken records after valid ones', () => {
    const doc = new Y.Doc();
    const broken = new Y.Map<unknown>();
    broken.set('title', 42);
    getRoots(doc).purposes.set('0-broken', broken);
    getRoots(doc).purposes.set('1-not-a-map', 'garbage' as unknown as Y.Map<unknown>);
    const a = addPurpose(doc, { title: 'A' }, clock());
    const b = addPurpose(doc, { title: 'B' }, clock());
    const results = listPurposes(doc);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false]);
    expect(results.slice(0, 2).map((r) => (r.ok ? r.value.id : ''))).toEqual([a, b]);
    expect(results.slice(2).map((r) => (r.ok ? '' : r.id)).sort()).toEqual(['0-broken', '1-not-a-map']);
  });

  it('stores the structured cohort beside the old free-text cohort, which still reads', () => {
    const doc = new Y.Doc();
    const author = clock();
    const id = addPurpose(doc, { title: 'Why', cohort: 'Older people' }, author);
    updatePurpose(doc, id, { cohortWho: 'Over 65s with frailty', cohortWhere: 'Northfield PCN', cohortSize: 1200 }, author);
    expect(listPurposes(doc)[0]).toMatchObject({
      ok: true,
      value: { cohort: 'Older people', cohortWho: 'Over 65s with frailty', cohortWhere: 'Northfield PCN', cohortSize: 1200 },
    });
    updatePurpose(doc, id, { cohortSize: 'about 1,200' }, author);
    expect(listPurposes(doc)[0]).toMatchObject({ ok: true, value: { cohortSize: 'about 1,200' } });
    getRoots(doc).purposes.get(id)?.set('cohortSize', -3);
    expect(listPurposes(doc)[0]?.ok).toBe(false);
  });

  it('parseCohortSize keeps numbers as numbers and words as words', () => {
    expect(parseCohortSize('1200')).toBe(1200);
    expect(parseCohortSize(' 1,200 ')).toBe(1200);
    expect(parseCohortSize('12.5')).toBe(12.5);
    expect(parseCohortSize('about 1,200')).toBe('about 1,200');
    expect(parseCohortSize('1,2')).toBe('1,2');
    expect(parseCohortSize('  ')).toBe('');
  });

  it('movePurpose moves a purpose up and down and not past either end', () => {
    const doc = new Y.Doc();
    const author = clock();
    const [a, b, c] = ['a', 'b', 'c'].map((title) => addPurpose(doc, { title }, author)) as unknown as [string, string, string];
    const order = () => listPurposes(doc).map((r) => (r.ok ? r.value.title : ''));
    expect(movePurpose(doc, c, -1, author)).toBe(true);
    expect(order()).toEqual(['a', 'c', 'b']);
    expect(movePurpose(doc, a, 1, author)).toBe(true);
    expect(order()).toEqual(['c', 'a', 'b']);
    expect(movePurpose(doc, c, -1, author)).toBe(false);
    expect(movePurpose(doc, b, 1, author)).toBe(false);
    expect(movePurpose(doc, 'gone', 1, author)).toBe(false);
  });

  it('movePurpose renumbers when two purposes share an order (added concurrently)', () => {
    const doc = new Y.Doc();
    const author = clock();
    const ids = ['a', 'b', 'c'].map((title) => addPurpose(doc, { title }, author));
    for (const id of ids) getRoots(doc).purposes.get(id)?.set('order', 'a0');
    const before = listPurposes(doc).map((r) => (r.ok ? r.value.id : ''));
    expect(movePurpose(doc, before[2]!, -1, author)).toBe(true);
    expect(listPurposes(doc).map((r) => (r.ok ? r.value.id : ''))).toEqual([before[0], before[2], before[1]]);
    const orders = listPurposes(doc).map((r) => (r.ok ? r.value.order : ''));
    expect(new Set(orders).size).toBe(3);
  });
});
