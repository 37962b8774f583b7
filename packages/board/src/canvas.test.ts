import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCanvasItem,
  bringCanvasItemToFront,
  CANVAS_ITEM_DEFAULTS,
  CANVAS_ITEM_KINDS,
  deleteCanvasItem,
  getCanvasItem,
  getRoots,
  listCanvasItems,
  setCanvasVote,
  updateCanvasItem,
  type Author,
  type CanvasItem,
  type ReadResult,
} from './index.js';

const amy: Author = { name: 'amy', now: () => 100 };

function ids(results: ReadResult<CanvasItem>[]): string[] {
  return results.map((r) => (r.ok ? r.value.id : r.id));
}

function item(doc: Y.Doc, id: string): CanvasItem {
  const result = getCanvasItem(doc, id);
  if (!result?.ok) throw new Error(`canvas item ${id} is not readable: ${JSON.stringify(result)}`);
  return result.value;
}

describe('canvas items', () => {
  it('adds an item of each kind with that kind’s size and colour', () => {
    const doc = new Y.Doc();
    for (const kind of CANVAS_ITEM_KINDS) {
      const id = addCanvasItem(doc, { kind, x: 5, y: -7 }, amy);
      expect(item(doc, id)).toEqual({
        id,
        kind,
        x: 5,
        y: -7,
        ...CANVAS_ITEM_DEFAULTS[kind],
        z: expect.any(String),
        text: '',
        votes: {},
        agreement: {},
        featureIds: [],
        layerIds: [],
        description: '',
        indicator: '',
        baseline: '',
        target: '',
        byWhen: '',
        dataSource: '',
        ownerPartnerId: null,
        createdBy: 'amy',
        createdAt: 100,
        updatedAt: 100,
      });
    }
    expect(listCanvasItems(doc).every((r) => r.ok)).toBe(true);
  });

  it('uses a given size, colour and text over the defaults', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, w: 30, h: 40, colour: '#123456', text: 'hello' }, amy);
    expect(item(doc, id)).toMatchObject({ w: 30, h: 40, colour: '#123456', text: 'hello' });
  });

  it('stores votes and agreement as nested Y.Maps', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0 }, amy);
    const record = getRoots(doc).canvas.get(id);
    expect(record?.get('votes')).toBeInstanceOf(Y.Map);
    expect(record?.get('agreement')).toBeInstanceOf(Y.Map);
  });

  it('sorts later adds on top, in add order', () => {
    const doc = new Y.Doc();
    const added = Array.from({ length: 30 }, (_, i) => addCanvasItem(doc, { kind: 'sticky', x: i, y: 0 }, amy));
    expect(ids(listCanvasItems(doc))).toEqual(added);
  });

  it('bringCanvasItemToFront puts an item above every other and keeps the rest in order', () => {
    const doc = new Y.Doc();
    const [a, b, c] = ['a', 'b', 'c'].map((text) => addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, text }, amy)) as unknown as [string, string, string];
    bringCanvasItemToFront(doc, a, { name: 'bo', now: () => 200 });
    expect(ids(listCanvasItems(doc))).toEqual([b, c, a]);
    expect(item(doc, a).updatedAt).toBe(200);
    const d = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    expect(ids(listCanvasItems(doc))).toEqual([b, c, a, d]);
    bringCanvasItemToFront(doc, b, amy);
    expect(ids(listCanvasItems(doc))).toEqual([c, a, d, b]);
  });

  it('adds on top even when a stored z index is not a valid fractional index', () => {
    const doc = new Y.Doc();
    const first = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    // A client with a bug wrote a z that fractional-indexing rejects and that sorts high.
    getRoots(doc).canvas.get(first)?.set('z', 'zzz');
    const second = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    const third = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    expect(ids(listCanvasItems(doc))).toEqual([first, second, third]);
    bringCanvasItemToFront(doc, first, amy);
    expect(ids(listCanvasItems(doc))).toEqual([second, third, first]);
  });

  it('updateCanvasItem moves and rewrites an item, bumping updatedAt only on a change', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    updateCanvasItem(doc, id, { x: 50, y: 60, text: 'moved', featureIds: ['f1'] }, { name: 'bo', now: () => 300 });
    expect(item(doc, id)).toMatchObject({ x: 50, y: 60, text: 'moved', featureIds: ['f1'], updatedAt: 300, createdBy: 'amy' });
    updateCanvasItem(doc, id, { x: 50 }, { name: 'bo', now: () => 400 });
    expect(item(doc, id).updatedAt).toBe(300);
  });

  it('updateCanvasItem cannot rewrite the id or authorship', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    const sneaky = { id: 'other', createdBy: 'mallory', createdAt: 0 } as unknown as Parameters<typeof updateCanvasItem>[2];
    updateCanvasItem(doc, id, sneaky, { name: 'mallory', now: () => 999 });
    const record = getRoots(doc).canvas.get(id);
    expect([record?.get('id'), record?.get('createdBy'), record?.get('createdAt')]).toEqual([id, 'amy', 100]);
  });

  it('does nothing to an item deleted meanwhile', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    deleteCanvasItem(doc, id);
    expect(getCanvasItem(doc, id)).toBeUndefined();
    updateCanvasItem(doc, id, { x: 1 }, amy);
    bringCanvasItemToFront(doc, id, amy);
    setCanvasVote(doc, id, 'amy', 1);
    expect(getRoots(doc).canvas.size).toBe(0);
  });

  it('records votes per voter; zero or less removes the vote; fractions round down', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0 }, amy);
    setCanvasVote(doc, id, 'amy', 2);
    setCanvasVote(doc, id, 'bo', 2.7);
    setCanvasVote(doc, id, 'cy', 1);
    expect(item(doc, id).votes).toEqual({ amy: 2, bo: 2, cy: 1 });
    setCanvasVote(doc, id, 'amy', 0);
    setCanvasVote(doc, id, 'cy', -3);
    expect(item(doc, id).votes).toEqual({ bo: 2 });
  });

  it('never stores a vote that makes the item unreadable', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0 }, amy);
    for (const count of [0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      try {
        setCanvasVote(doc, id, 'amy', count);
      } catch {
        // Refusing a nonsense count is fine; corrupting the item is not.
      }
      expect(getCanvasItem(doc, id)?.ok, String(count)).toBe(true);
    }
    expect(item(doc, id).votes).toEqual({});
  });

  it('concurrent votes by different people both count', () => {
    const a = new Y.Doc();
    const id = addCanvasItem(a, { kind: 'outcome', x: 0, y: 0 }, amy);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setCanvasVote(a, id, 'amy', 1);
    setCanvasVote(b, id, 'bo', 3);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(item(a, id).votes).toEqual({ amy: 1, bo: 3 });
    expect(item(b, id).votes).toEqual({ amy: 1, bo: 3 });
  });

  it('lists broken records after valid ones and keeps adding on top of the valid ones', () => {
    const doc = new Y.Doc();
    const { canvas } = getRoots(doc);
    const first = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    const broken = new Y.Map<unknown>();
    broken.set('kind', 'balloon');
    broken.set('z', 'a5');
    canvas.set('broken', broken);
    canvas.set('garbage', 7 as unknown as Y.Map<unknown>);
    const second = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    const results = listCanvasItems(doc);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false]);
    expect(ids(results).slice(0, 2)).toEqual([first, second]);
    expect(ids(results).slice(2).sort()).toEqual(['broken', 'garbage']);
    expect(getCanvasItem(doc, 'garbage')?.ok).toBe(false);
    expect(() => updateCanvasItem(doc, 'garbage', { x: 1 }, amy)).not.toThrow();
    expect(() => bringCanvasItemToFront(doc, 'garbage', amy)).not.toThrow();
    expect(() => setCanvasVote(doc, 'garbage', 'amy', 1)).not.toThrow();
  });

  it('adding does not rewrite other items', () => {
    const doc = new Y.Doc();
    const id = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    const before = getRoots(doc).canvas.get(id)?.toJSON();
    addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, { name: 'bo', now: () => 999 });
    expect(getRoots(doc).canvas.get(id)?.toJSON()).toEqual(before);
  });
});
