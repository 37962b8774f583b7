import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addMapView,
  deleteMapView,
  getMapView,
  getRoots,
  getSlideNotes,
  initBoard,
  listMapViews,
  mapViewSchema,
  renameMapView,
  setSlideNotes,
  type MapView,
} from './index.js';

const author = { name: 'amy', now: () => 1000 };

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Sale' });
  return doc;
}

function views(doc: Y.Doc): MapView[] {
  return listMapViews(doc).flatMap((r) => (r.ok ? [r.value] : []));
}

const valid = {
  id: 'v1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 1,
  name: 'Most deprived areas',
  center: [-2.33, 53.42],
  zoom: 12.5,
  bearing: 0,
  pitch: 0,
  visibleLayerIds: ['imd'],
};

describe('mapViewSchema', () => {
  it('parses a valid view and defaults bearing, pitch and layers', () => {
    expect(mapViewSchema.parse(valid)).toEqual(valid);
    const { bearing: _b, pitch: _p, visibleLayerIds: _v, ...bare } = valid;
    expect(mapViewSchema.parse(bare)).toMatchObject({ bearing: 0, pitch: 0, visibleLayerIds: [] });
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a blank name', { name: '   ' }],
    ['a name of 101 characters', { name: 'x'.repeat(101) }],
    ['a longitude past 180', { center: [181, 53] }],
    ['a latitude past 90', { center: [0, 91] }],
    ['a centre of one number', { center: [0] }],
    ['zoom below 0', { zoom: -1 }],
    ['zoom above 24', { zoom: 24.5 }],
    ['pitch above 85', { pitch: 90 }],
    ['a layer id that is not text', { visibleLayerIds: [3] }],
  ])('refuses %s', (_what, patch) => {
    expect(mapViewSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });

  it('accepts a name of exactly 100 characters and zoom 0 and 24', () => {
    expect(mapViewSchema.safeParse({ ...valid, name: 'x'.repeat(100) }).success).toBe(true);
    expect(mapViewSchema.safeParse({ ...valid, zoom: 0 }).success).toBe(true);
    expect(mapViewSchema.safeParse({ ...valid, zoom: 24 }).success).toBe(true);
  });
});

describe('saved map views', () => {
  it('saves a view in meta and lists it with its base fields', () => {
    const doc = board();
    const id = addMapView(doc, { name: 'Whole borough', center: [-2.33, 53.42], zoom: 11, visibleLayerIds: ['a', 'b'] }, author);
    expect(views(doc)).toEqual([
      {
        id,
        createdBy: 'amy',
        createdAt: 1000,
        updatedAt: 1000,
        name: 'Whole borough',
        center: [-2.33, 53.42],
        zoom: 11,
        bearing: 0,
        pitch: 0,
        visibleLayerIds: ['a', 'b'],
      },
    ]);
    const stored = getRoots(doc).meta.get('mapViews');
    expect(stored).toBeInstanceOf(Y.Map);
    expect((stored as Y.Map<unknown>).get(id)).toBeInstanceOf(Y.Map);
    expect(getMapView(doc, id)).toMatchObject({ ok: true, value: { name: 'Whole borough' } });
    expect(getMapView(doc, 'nope')).toBeUndefined();
  });

  it('lists views oldest first, then by id, with broken records last', () => {
    const doc = board();
    const later = addMapView(doc, { name: 'Later', center: [0, 0], zoom: 3 }, { name: 'amy', now: () => 2000 });
    const earlier = addMapView(doc, { name: 'Earlier', center: [0, 0], zoom: 3 }, { name: 'amy', now: () => 1000 });
    const views = getRoots(doc).meta.get('mapViews') as Y.Map<unknown>;
    const broken = new Y.Map<unknown>();
    views.set('broken', broken);
    broken.set('name', '');
    views.set('garbage', 42);
    const listed = listMapViews(doc);
    expect(listed.slice(0, 2).map((r) => (r.ok ? r.value.id : r.id))).toEqual([earlier, later]);
    expect(listed.slice(2).map((r) => ({ ok: r.ok, id: r.ok ? r.value.id : r.id }))).toEqual([
      { ok: false, id: 'broken' },
      { ok: false, id: 'garbage' },
    ]);
  });

  it('refuses a bad name or camera and writes nothing', () => {
    const doc = board();
    const before = Y.encodeStateVector(doc);
    expect(() => addMapView(doc, { name: '  ', center: [0, 0], zoom: 3 }, author)).toThrow();
    expect(() => addMapView(doc, { name: 'x'.repeat(101), center: [0, 0], zoom: 3 }, author)).toThrow();
    expect(() => addMapView(doc, { name: 'Fine', center: [0, 0], zoom: 30 }, author)).toThrow();
    expect(listMapViews(doc)).toEqual([]);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('renames a view, bumping updatedAt, and refuses a blank name', () => {
    const doc = board();
    const id = addMapView(doc, { name: 'Old', center: [0, 0], zoom: 3 }, author);
    renameMapView(doc, id, '  Care homes and GP practices ', { name: 'bo', now: () => 5000 });
    expect(views(doc)[0]).toMatchObject({ name: 'Care homes and GP practices', updatedAt: 5000, createdBy: 'amy' });
    expect(() => renameMapView(doc, id, '', author)).toThrow();
    expect(views(doc)[0]?.name).toBe('Care homes and GP practices');
    renameMapView(doc, 'gone', 'Whatever', author); // nothing to rename: no error, nothing written
    expect(views(doc)).toHaveLength(1);
  });

  it('deletes a view and its presenter notes', () => {
    const doc = board();
    const keep = addMapView(doc, { name: 'Keep', center: [0, 0], zoom: 3 }, author);
    const drop = addMapView(doc, { name: 'Drop', center: [0, 0], zoom: 3 }, author);
    setSlideNotes(doc, `map-view:${drop}`, 'Point at Partington');
    setSlideNotes(doc, `map-view:${keep}`, 'Start here');
    deleteMapView(doc, drop);
    expect(views(doc).map((v) => v.id)).toEqual([keep]);
    expect(getSlideNotes(doc, `map-view:${drop}`)).toBe('');
    expect(getSlideNotes(doc, `map-view:${keep}`)).toBe('Start here');
    deleteMapView(doc, 'gone');
    expect(views(doc)).toHaveLength(1);
  });

  it('works on a doc no migration has reached, making the map on first use', () => {
    const doc = new Y.Doc();
    expect(listMapViews(doc)).toEqual([]);
    addMapView(doc, { name: 'First', center: [0, 0], zoom: 1 }, author);
    expect(views(doc).map((v) => v.name)).toEqual(['First']);
  });

  it('keeps views saved at the same time on two replicas of a migrated board', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addMapView(a, { name: 'From A', center: [0, 0], zoom: 1 }, author);
    addMapView(b, { name: 'From B', center: [0, 0], zoom: 1 }, author);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(views(a).map((v) => v.name).sort()).toEqual(['From A', 'From B']);
    expect(views(b).map((v) => v.id)).toEqual(views(a).map((v) => v.id));
  });
});
