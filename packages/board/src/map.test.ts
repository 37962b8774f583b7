import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addFeature,
  addFeatures,
  addLayer,
  deleteFeature,
  deleteLayer,
  featureToGeoJSON,
  featuresByLayer,
  getFeature,
  getRoots,
  listFeatures,
  listLayers,
  setFeatureGeometry,
  setFeatureProperty,
  updateLayer,
  type Author,
  type Geometry,
  type NewMapLayer,
} from './index.js';
import { readFeature } from './testing/features.js';

const amy: Author = { name: 'amy', now: () => 100 };
const later: Author = { name: 'bo', now: () => 500 };
const assets: NewMapLayer = { name: 'GP practices', kind: 'assets', style: { colour: '#005eb8' } };
const point: Geometry = { type: 'Point', coordinates: [-2.33, 53.42] };


describe('layers', () => {
  it('adds a layer with its fields, visible by default', () => {
    const doc = new Y.Doc();
    const id = addLayer(doc, { ...assets, source: 'NHS ODS', attribution: 'OGL v3' }, amy);
    expect(listLayers(doc)).toEqual([
      {
        ok: true,
        value: {
          id,
          ...assets,
          source: 'NHS ODS',
          attribution: 'OGL v3',
          visible: true,
          published: false,
          order: expect.any(String),
          createdBy: 'amy',
          createdAt: 100,
          updatedAt: 100,
        },
      },
    ]);
    const hidden = addLayer(doc, { ...assets, visible: false }, amy);
    expect(listLayers(doc)[1]).toMatchObject({ ok: true, value: { id: hidden, visible: false } });
  });

  it('lists layers bottom to top in add order, and reorders by order', () => {
    const doc = new Y.Doc();
    const added = ['a', 'b', 'c', 'd'].map((name) => addLayer(doc, { ...assets, name }, amy));
    const order = () => listLayers(doc).map((r) => (r.ok ? r.value.id : r.id));
    expect(order()).toEqual(added);
    updateLayer(doc, added[3] as string, { order: 'Zz' }, amy);
    expect(order()[0]).toBe(added[3]);
  });

  it('updateLayer renames, hides and restyles with a new updatedAt', () => {
    const doc = new Y.Doc();
    const id = addLayer(doc, assets, amy);
    updateLayer(doc, id, { name: 'Surgeries', visible: false, style: { colour: '#000000' } }, later);
    expect(listLayers(doc)[0]).toMatchObject({
      ok: true,
      value: { name: 'Surgeries', visible: false, style: { colour: '#000000' }, updatedAt: 500, createdAt: 100 },
    });
  });

  it('deleteLayer removes the layer and only its features, in one transaction', () => {
    const doc = new Y.Doc();
    const gone = addLayer(doc, assets, amy);
    const kept = addLayer(doc, { ...assets, name: 'Pharmacies' }, amy);
    addFeatures(doc, Array.from({ length: 5 }, () => ({ layerId: gone, geometry: point })), amy);
    const keptFeature = addFeature(doc, { layerId: kept, geometry: point }, amy);
    let transactions = 0;
    let updates = 0;
    doc.on('afterTransaction', () => transactions++);
    doc.on('update', () => updates++);
    deleteLayer(doc, gone);
    expect(transactions).toBe(1);
    expect(updates).toBe(1);
    expect(listLayers(doc).map((r) => (r.ok ? r.value.id : r.id))).toEqual([kept]);
    expect(listFeatures(doc).map((r) => (r.ok ? r.value.id : r.id))).toEqual([keptFeature]);
    expect(listFeatures(doc, gone)).toEqual([]);
  });

  it('lists broken layers after valid ones', () => {
    const doc = new Y.Doc();
    const broken = new Y.Map<unknown>();
    broken.set('order', 'a0');
    getRoots(doc).layers.set('broken', broken);
    getRoots(doc).layers.set('garbage', 'x' as unknown as Y.Map<unknown>);
    const a = addLayer(doc, assets, amy);
    const results = listLayers(doc);
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(results[0]).toMatchObject({ ok: true, value: { id: a } });
    expect(() => deleteLayer(doc, a)).not.toThrow();
  });
});

describe('features', () => {
  it('adds features with their geometry and properties', () => {
    const doc = new Y.Doc();
    const layerId = addLayer(doc, assets, amy);
    const id = addFeature(doc, { layerId, geometry: point, properties: { name: 'Sale', list: 9000, gone: undefined } }, amy);
    expect(readFeature(doc, id)).toEqual({
      id,
      layerId,
      geometry: point,
      properties: { name: 'Sale', list: 9000 },
      createdBy: 'amy',
      createdAt: 100,
      updatedAt: 100,
    });
    expect(getRoots(doc).features.get(id)?.get('properties')).toBeInstanceOf(Y.Map);
  });

  it('addFeatures adds all in one transaction and lists them by layer', () => {
    const doc = new Y.Doc();
    const a = addLayer(doc, assets, amy);
    const b = addLayer(doc, assets, amy);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const inA = addFeatures(doc, Array.from({ length: 4 }, () => ({ layerId: a, geometry: point })), amy);
    expect(transactions).toBe(1);
    const inB = addFeatures(doc, [{ layerId: b, geometry: point }], amy);
    expect(new Set(inA).size).toBe(4);
    expect(listFeatures(doc, a).map((r) => (r.ok ? r.value.id : r.id)).sort()).toEqual([...inA].sort());
    expect(listFeatures(doc, b).map((r) => (r.ok ? r.value.id : r.id))).toEqual(inB);
    expect(listFeatures(doc)).toHaveLength(5);
  });

  it('groups valid features by layer in one pass, each group in listing order, following moves between layers', () => {
    const doc = new Y.Doc();
    const a = addLayer(doc, assets, amy);
    const b = addLayer(doc, assets, amy);
    const inA = addFeatures(doc, Array.from({ length: 3 }, () => ({ layerId: a, geometry: point })), amy);
    const inB = addFeatures(doc, [{ layerId: b, geometry: point }], amy);
    const idsOf = (layerId: string) => listFeatures(doc, layerId).map((r) => (r.ok ? r.value.id : r.id));
    expect(featuresByLayer(doc).get(a)?.map((f) => f.id)).toEqual(idsOf(a));
    expect(featuresByLayer(doc).get(b)?.map((f) => f.id)).toEqual(inB);
    (getRoots(doc).features.get(inA[0] as string) as Y.Map<unknown>).set('layerId', b);
    expect(featuresByLayer(doc).get(a)?.map((f) => f.id)).toEqual(idsOf(a));
    expect(featuresByLayer(doc).get(a)).toHaveLength(2);
    expect(featuresByLayer(doc).get(b)?.map((f) => f.id)).toEqual(idsOf(b));
    expect(featuresByLayer(doc).get(b)).toHaveLength(2);
  });

  it('lists features in the same order on every replica', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const layerId = addLayer(a, assets, amy);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addFeatures(a, [{ layerId, geometry: point }, { layerId, geometry: point }], amy);
    addFeatures(b, [{ layerId, geometry: point }, { layerId, geometry: point }], amy);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const order = (doc: Y.Doc) => listFeatures(doc).map((r) => (r.ok ? r.value.id : r.id));
    expect(order(a)).toHaveLength(4);
    expect(order(b)).toEqual(order(a));
  });

  it('replaces a geometry whole, never merging coordinates', () => {
    const doc = new Y.Doc();
    const layerId = addLayer(doc, assets, amy);
    const id = addFeature(doc, { layerId, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 2]] } }, amy);
    const polygon: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    setFeatureGeometry(doc, id, polygon, later);
    expect(readFeature(doc, id).geometry).toEqual(polygon);
    expect(readFeature(doc, id).updatedAt).toBe(500);
    setFeatureGeometry(doc, id, { type: 'LineString', coordinates: [[5, 5], [6, 6]] }, later);
    expect(readFeature(doc, id).geometry).toEqual({ type: 'LineString', coordinates: [[5, 5], [6, 6]] });
  });

  it('concurrent geometry edits converge on one whole geometry', () => {
    const a = new Y.Doc();
    const layerId = addLayer(a, assets, amy);
    const id = addFeature(a, { layerId, geometry: point }, amy);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const left: Geometry = { type: 'LineString', coordinates: [[0, 0], [1, 1]] };
    const right: Geometry = { type: 'Point', coordinates: [9, 9] };
    setFeatureGeometry(a, id, left, amy);
    setFeatureGeometry(b, id, right, amy);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readFeature(a, id).geometry).toEqual(readFeature(b, id).geometry);
    expect([left, right]).toContainEqual(readFeature(a, id).geometry);
  });

  it('setFeatureProperty adds, changes and removes one property and bumps updatedAt', () => {
    const doc = new Y.Doc();
    const layerId = addLayer(doc, assets, amy);
    const id = addFeature(doc, { layerId, geometry: point, properties: { name: 'Sale' } }, amy);
    setFeatureProperty(doc, id, 'list_size', 12000, later);
    expect(readFeature(doc, id)).toMatchObject({ properties: { name: 'Sale', list_size: 12000 }, updatedAt: 500 });
    setFeatureProperty(doc, id, 'name', 'Sale Health Centre', amy);
    setFeatureProperty(doc, id, 'list_size', undefined, { name: 'cy', now: () => 700 });
    expect(readFeature(doc, id)).toMatchObject({ properties: { name: 'Sale Health Centre' }, updatedAt: 700 });
    expect(readFeature(doc, id).properties).not.toHaveProperty('list_size');
  });

  it('concurrent edits of different properties both survive', () => {
    const a = new Y.Doc();
    const layerId = addLayer(a, assets, amy);
    const id = addFeature(a, { layerId, geometry: point }, amy);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setFeatureProperty(a, id, 'open', true, amy);
    setFeatureProperty(b, id, 'phone', '0161', amy);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readFeature(a, id).properties).toEqual({ open: true, phone: '0161' });
    expect(readFeature(b, id).properties).toEqual({ open: true, phone: '0161' });
  });

  it('edits of a deleted feature do nothing', () => {
    const doc = new Y.Doc();
    const layerId = addLayer(doc, assets, amy);
    const id = addFeature(doc, { layerId, geometry: point }, amy);
    deleteFeature(doc, id);
    expect(getFeature(doc, id)).toBeUndefined();
    setFeatureGeometry(doc, id, point, amy);
    setFeatureProperty(doc, id, 'x', 1, amy);
    expect(getRoots(doc).features.size).toBe(0);
  });

  it('featureToGeoJSON gives an RFC 7946 Feature whose id is the record id, detached from the record', () => {
    const doc = new Y.Doc();
    const layerId = addLayer(doc, assets, amy);
    const id = addFeature(doc, { layerId, geometry: point, properties: { name: 'Sale' } }, amy);
    const value = readFeature(doc, id);
    const geojson = featureToGeoJSON(value);
    expect(geojson).toEqual({ type: 'Feature', id, geometry: point, properties: { name: 'Sale' } });
    geojson.properties.name = 'changed';
    expect(value.properties.name).toBe('Sale');
  });

  it('lists broken features after valid ones', () => {
    const doc = new Y.Doc();
    const layerId = addLayer(doc, assets, amy);
    const broken = new Y.Map<unknown>();
    broken.set('layerId', layerId);
    broken.set('geometry', { type: 'Point', coordinates: [500, 0] });
    getRoots(doc).features.set('0-broken', broken);
    getRoots(doc).features.set('1-garbage', null as unknown as Y.Map<unknown>);
    const good = addFeatures(doc, [{ layerId, geometry: point }, { layerId, geometry: point }], amy);
    const results = listFeatures(doc);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false]);
    expect(results.slice(0, 2).map((r) => (r.ok ? r.value.id : '')).sort()).toEqual([...good].sort());
    expect(listFeatures(doc, layerId).map((r) => r.ok)).toEqual([true, true, false]);
    expect(featuresByLayer(doc).get(layerId)?.map((f) => f.id)).toEqual(results.slice(0, 2).map((r) => (r.ok ? r.value.id : '')));
    expect(() => deleteLayer(doc, layerId)).not.toThrow();
    expect(() => setFeatureProperty(doc, '1-garbage', 'x', 1, amy)).not.toThrow();
    expect(() => setFeatureGeometry(doc, '1-garbage', point, amy)).not.toThrow();
  });
});
