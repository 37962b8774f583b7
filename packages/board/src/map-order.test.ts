import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addLayer, getRoots, layerOrderBetween, listLayers, moveLayer, type Author, type NewMapLayer } from './index.js';

const amy: Author = { name: 'amy', now: () => 100 };
const layer = (name: string): NewMapLayer => ({ name, kind: 'drawing', style: { colour: '#005eb8' } });
const names = (doc: Y.Doc): string[] => listLayers(doc).flatMap((r) => (r.ok ? [r.value.name] : []));

describe('layerOrderBetween', () => {
  it('gives an index strictly between its bounds, or at either end', () => {
    const mid = layerOrderBetween('a0', 'a1');
    expect(mid).toBeDefined();
    expect(mid! > 'a0' && mid! < 'a1').toBe(true);
    expect(layerOrderBetween(null, 'a0')! < 'a0').toBe(true);
    expect(layerOrderBetween('a0', null)! > 'a0').toBe(true);
  });

  it('is undefined for equal, reversed or malformed bounds', () => {
    expect(layerOrderBetween('a1', 'a1')).toBeUndefined();
    expect(layerOrderBetween('a2', 'a1')).toBeUndefined();
    expect(layerOrderBetween('zzz', null)).toBeUndefined();
  });
});

describe('moveLayer', () => {
  it('moves a layer up, down, to the top and to the bottom, changing only its order', () => {
    const doc = new Y.Doc();
    const [a, b, c] = ['A', 'B', 'C'].map((n) => addLayer(doc, layer(n), amy)) as unknown as [string, string, string];
    const orderOfB = () => getRoots(doc).layers.get(b) as Y.Map<unknown>;
    const before = { a: (getRoots(doc).layers.get(a) as Y.Map<unknown>).get('order'), c: (getRoots(doc).layers.get(c) as Y.Map<unknown>).get('order') };
    moveLayer(doc, a, 2, amy);
    expect(names(doc)).toEqual(['B', 'C', 'A']);
    moveLayer(doc, a, 0, amy);
    expect(names(doc)).toEqual(['A', 'B', 'C']);
    moveLayer(doc, c, 1, amy);
    expect(names(doc)).toEqual(['A', 'C', 'B']);
    moveLayer(doc, b, 99, amy);
    expect(names(doc)).toEqual(['A', 'C', 'B']);
    moveLayer(doc, b, -5, amy);
    expect(names(doc)).toEqual(['B', 'A', 'C']);
    expect((getRoots(doc).layers.get(c) as Y.Map<unknown>).get('order')).not.toBe(before.c);
    expect(orderOfB().get('updatedAt')).toBe(100);
  });

  it('renumbers every layer when neighbouring orders collide (concurrent adds), in one transaction', () => {
    const doc = new Y.Doc();
    const ids = ['A', 'B', 'C'].map((n) => addLayer(doc, layer(n), amy));
    for (const id of ids) (getRoots(doc).layers.get(id) as Y.Map<unknown>).set('order', 'a0');
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const c = ids[2] as string;
    moveLayer(doc, c, 1, amy);
    expect(transactions).toBe(1);
    const listed = names(doc);
    expect(listed[1]).toBe('C');
    const orders = listLayers(doc).flatMap((r) => (r.ok ? [r.value.order] : []));
    expect(new Set(orders).size).toBe(3);
  });

  it('converges when two replicas move layers concurrently', () => {
    const one = new Y.Doc();
    ['A', 'B', 'C'].forEach((n) => addLayer(one, layer(n), amy));
    const two = new Y.Doc();
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    const idsOne = listLayers(one).flatMap((r) => (r.ok ? [r.value.id] : []));
    moveLayer(one, idsOne[0] as string, 2, amy);
    moveLayer(two, idsOne[2] as string, 0, amy);
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    expect(names(one)).toEqual(names(two));
  });

  it('ignores an unknown layer', () => {
    const doc = new Y.Doc();
    addLayer(doc, layer('A'), amy);
    moveLayer(doc, 'nope', 0, amy);
    expect(names(doc)).toEqual(['A']);
  });
});
