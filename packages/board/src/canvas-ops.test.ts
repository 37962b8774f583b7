import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCanvasItem,
  addConnector,
  addFeature,
  addLayer,
  alignCanvasItems,
  alignPlacements,
  canvasItemsLinkedToFeature,
  connectorEnds,
  createBoardUndoManager,
  deleteCanvasItem,
  deleteCanvasItems,
  frameMembers,
  getCanvasItem,
  initBoard,
  linkedFeatureIds,
  listCanvasItems,
  moveCanvasItems,
  updateCanvasItem,
  withFrameMembers,
  canvasSelectionOf,
  type Author,
  type CanvasItem,
} from './index.js';

const amy: Author = { name: 'amy', now: () => 1 };

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'x' });
  return doc;
}
function items(doc: Y.Doc): CanvasItem[] {
  return listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value] : []));
}
function at(doc: Y.Doc, id: string): [number, number] {
  const r = getCanvasItem(doc, id);
  if (!r?.ok) throw new Error('gone');
  return [r.value.x, r.value.y];
}

describe('frames', () => {
  it('members are items whose centre lies inside; moving the frame moves them', () => {
    const doc = board();
    const frame = addCanvasItem(doc, { kind: 'frame', x: 0, y: 0, w: 400, h: 300, text: 'Prevention' }, amy);
    const inside = addCanvasItem(doc, { kind: 'sticky', x: 10, y: 10 }, amy);
    const straddling = addCanvasItem(doc, { kind: 'sticky', x: 320, y: 10, w: 160 }, amy); // centre x 400: on the edge
    const outside = addCanvasItem(doc, { kind: 'sticky', x: 350, y: 10, w: 160 }, amy); // centre x 430
    const link = addConnector(doc, inside, outside, amy);
    const frameItem = items(doc).find((i) => i.id === frame)!;
    expect(frameMembers(items(doc), frameItem).map((i) => i.id).sort()).toEqual([inside, straddling].sort());
    expect(withFrameMembers(items(doc), [frame, link]).sort()).toEqual([frame, inside, straddling].sort());
    moveCanvasItems(doc, [frame], 100, 50, amy);
    expect(at(doc, frame)).toEqual([100, 50]);
    expect(at(doc, inside)).toEqual([110, 60]);
    expect(at(doc, straddling)).toEqual([420, 60]);
    expect(at(doc, outside)).toEqual([350, 10]);
    expect(frameMembers(items(doc), items(doc).find((i) => i.id === inside)!)).toEqual([]);
  });

  it('a frame inside a frame carries its own members along', () => {
    const doc = board();
    const outer = addCanvasItem(doc, { kind: 'frame', x: 0, y: 0, w: 1000, h: 1000 }, amy);
    const inner = addCanvasItem(doc, { kind: 'frame', x: 100, y: 100, w: 200, h: 200 }, amy);
    const sticky = addCanvasItem(doc, { kind: 'sticky', x: 120, y: 120, w: 20, h: 20 }, amy);
    expect(withFrameMembers(items(doc), [outer]).sort()).toEqual([outer, inner, sticky].sort());
  });
});

describe('connectors', () => {
  it('join two items with an optional label, and hide when an end is deleted', () => {
    const doc = board();
    const a = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0 }, amy);
    const b = addCanvasItem(doc, { kind: 'sticky', x: 400, y: 0 }, amy);
    const c = addConnector(doc, a, b, amy, 'contributes to');
    const byId = () => new Map(items(doc).map((i) => [i.id as string, i]));
    const connector = byId().get(c)!;
    expect(connector).toMatchObject({ kind: 'connector', from: a, to: b, label: 'contributes to' });
    expect(connectorEnds(connector, byId())?.to.id).toBe(b);
    updateCanvasItem(doc, c, { label: 'leads to' }, amy);
    expect(byId().get(c)?.label).toBe('leads to');
    deleteCanvasItem(doc, b);
    expect(connectorEnds(byId().get(c)!, byId())).toBeUndefined();
    expect(listCanvasItems(doc).every((r) => r.ok)).toBe(true);
  });

  it('a connector to a connector, or without ends, draws nothing', () => {
    const doc = board();
    const a = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    const b = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, amy);
    const c1 = addConnector(doc, a, b, amy);
    const c2 = addConnector(doc, a, c1, amy);
    const c3 = addCanvasItem(doc, { kind: 'connector', x: 0, y: 0 }, amy);
    const byId = new Map(items(doc).map((i) => [i.id as string, i]));
    expect(connectorEnds(byId.get(c2)!, byId)).toBeUndefined();
    expect(connectorEnds(byId.get(c3)!, byId)).toBeUndefined();
    expect(connectorEnds(byId.get(a)!, byId)).toBeUndefined();
  });
});

describe('align and delete', () => {
  it('aligns to the bounding box of the selection', () => {
    const boxes = [
      { id: 'a', kind: 'sticky', x: 10, y: 100, w: 100, h: 50 },
      { id: 'b', kind: 'sticky', x: 200, y: 20, w: 50, h: 100 },
    ] as unknown as CanvasItem[];
    expect(alignPlacements(boxes, 'left')).toEqual([{ id: 'a', x: 10, y: 100 }, { id: 'b', x: 10, y: 20 }]);
    expect(alignPlacements(boxes, 'right')).toEqual([{ id: 'a', x: 150, y: 100 }, { id: 'b', x: 200, y: 20 }]);
    expect(alignPlacements(boxes, 'centre')).toEqual([{ id: 'a', x: 80, y: 100 }, { id: 'b', x: 105, y: 20 }]);
    expect(alignPlacements(boxes, 'top')).toEqual([{ id: 'a', x: 10, y: 20 }, { id: 'b', x: 200, y: 20 }]);
    expect(alignPlacements(boxes, 'middle')).toEqual([{ id: 'a', x: 10, y: 60 }, { id: 'b', x: 200, y: 35 }]);
    expect(alignPlacements(boxes, 'bottom')).toEqual([{ id: 'a', x: 10, y: 100 }, { id: 'b', x: 200, y: 50 }]);
    expect(alignPlacements(boxes.slice(0, 1), 'left')).toEqual([]);
  });

  it('alignCanvasItems and deleteCanvasItems work on the doc in one transaction each', () => {
    const doc = board();
    const a = addCanvasItem(doc, { kind: 'sticky', x: 10, y: 0 }, amy);
    const b = addCanvasItem(doc, { kind: 'sticky', x: 90, y: 70 }, amy);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    alignCanvasItems(doc, [a, b], 'left', amy);
    expect(at(doc, b)).toEqual([10, 70]);
    deleteCanvasItems(doc, [a, b, 'missing']);
    expect(items(doc)).toEqual([]);
    expect(transactions).toBe(2);
  });
});

describe('links to the map', () => {
  it('linkedFeatureIds: own features plus every feature of linked layers, once; canvasItemsLinkedToFeature reverses it', () => {
    const doc = board();
    const layer = addLayer(doc, { name: 'GPs', kind: 'assets', style: { colour: '#005eb8' } }, amy);
    const other = addLayer(doc, { name: 'Pharmacies', kind: 'assets', style: { colour: '#007f3b' } }, amy);
    const f1 = addFeature(doc, { layerId: layer, geometry: { type: 'Point', coordinates: [-2.3, 53.4] } }, amy);
    const f2 = addFeature(doc, { layerId: layer, geometry: { type: 'Point', coordinates: [-2.3, 53.5] } }, amy);
    const f3 = addFeature(doc, { layerId: other, geometry: { type: 'Point', coordinates: [-2.3, 53.6] } }, amy);
    const card = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, featureIds: [f3, 'deleted-feature'] }, amy);
    const card2 = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, layerIds: [layer] }, amy);
    expect(linkedFeatureIds(doc, [card])).toEqual([f3]);
    expect(linkedFeatureIds(doc, [card, card2, 'gone']).sort()).toEqual([f1, f2, f3].sort());
    expect(canvasItemsLinkedToFeature(doc, f1).map((i) => i.id)).toEqual([card2]);
    expect(canvasItemsLinkedToFeature(doc, f3).map((i) => i.id)).toEqual([card]);
  });

  it('canvasSelectionOf reads a presence selection tolerantly', () => {
    expect(canvasSelectionOf({ selection: { canvasItemIds: ['a', 3, 'b'] } })).toEqual(['a', 'b']);
    expect(canvasSelectionOf({ selection: null })).toEqual([]);
    expect(canvasSelectionOf('x')).toEqual([]);
  });
});

describe('createBoardUndoManager', () => {
  it('undoes and redoes only changes made with the local origin', () => {
    const LOCAL = Symbol('local');
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const undo = createBoardUndoManager(a, ['canvas'], LOCAL, { captureTimeout: 0 });
    let mine = '';
    a.transact(() => {
      mine = addCanvasItem(a, { kind: 'sticky', x: 0, y: 0, text: 'mine' }, amy);
    }, LOCAL);
    a.transact(() => updateCanvasItem(a, mine, { x: 50 }, amy), LOCAL);
    const theirs = addCanvasItem(b, { kind: 'sticky', x: 0, y: 0, text: 'theirs' }, { name: 'bo' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'provider');
    const unrelated = addCanvasItem(a, { kind: 'sticky', x: 0, y: 0, text: 'no origin' }, amy);
    undo.undo();
    expect(at(a, mine)).toEqual([0, 0]);
    undo.undo();
    expect(getCanvasItem(a, mine)).toBeUndefined();
    expect(getCanvasItem(a, theirs)?.ok).toBe(true);
    expect(getCanvasItem(a, unrelated)?.ok).toBe(true);
    expect(undo.canUndo()).toBe(false);
    undo.redo();
    undo.redo();
    expect(at(a, mine)).toEqual([50, 0]);
  });
});
