import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addFeatures,
  addLayer,
  deleteFeature,
  getFeature,
  getRoots,
  listFeatures,
  setFeatureGeometry,
  setFeatureProperty,
  type Author,
  type MapFeature,
} from '../index.js';
import { readFeature } from '../testing/features.js';

const amy: Author = { name: 'amy', now: () => 100 };

function boardWithTwoFeatures(): { doc: Y.Doc; first: string; second: string } {
  const doc = new Y.Doc();
  const layerId = addLayer(doc, { name: 'Places', kind: 'assets', style: { colour: '#005eb8' } }, amy);
  const [first, second] = addFeatures(
    doc,
    [
      { layerId, geometry: { type: 'Point', coordinates: [-2.33, 53.42] }, properties: { name: 'Surgery' } },
      { layerId, geometry: { type: 'Point', coordinates: [-2.3, 53.4] }, properties: { name: 'Pharmacy' } },
    ],
    amy,
  );
  return { doc, first: first as string, second: second as string };
}


describe('feature reads kept between changes', () => {
  it('gives every reader the same read of an unchanged feature, frozen against changes in place', () => {
    const { doc, first } = boardWithTwoFeatures();
    const once = readFeature(doc, first);
    expect(readFeature(doc, first)).toBe(once);
    expect(listFeatures(doc).find((r) => r.ok && r.value.id === first)).toEqual({ ok: true, value: once });
    expect((listFeatures(doc).find((r) => r.ok && r.value.id === first) as { value: MapFeature }).value).toBe(once);
    expect(() => {
      (once.properties as Record<string, unknown>).name = 'Changed in place';
    }).toThrow(TypeError);
    expect(() => {
      (once.geometry as { coordinates: unknown }).coordinates = [0, 0];
    }).toThrow(TypeError);
    expect(() => {
      (once as { layerId: string }).layerId = 'elsewhere';
    }).toThrow(TypeError);
    expect(readFeature(doc, first)).toEqual({ ...once, properties: { name: 'Surgery' } });
  });

  it('reads a feature afresh after a change deep inside it, and keeps the read of the others', () => {
    const { doc, first, second } = boardWithTwoFeatures();
    const before = readFeature(doc, first);
    const other = readFeature(doc, second);
    setFeatureProperty(doc, first, 'name', 'Health centre', amy);
    expect(readFeature(doc, first).properties.name).toBe('Health centre');
    expect(readFeature(doc, first)).not.toBe(before);
    expect(readFeature(doc, second)).toBe(other);

    // A change inside the properties alone, not touching the record's own fields (as a client of another version
    // might make it): the record's read goes too.
    const properties = (getRoots(doc).features.get(first) as Y.Map<unknown>).get('properties') as Y.Map<unknown>;
    properties.set('opening', 'Mon-Fri');
    expect(readFeature(doc, first).properties).toEqual({ name: 'Health centre', opening: 'Mon-Fri' });

    setFeatureProperty(doc, first, 'name', undefined, amy);
    expect(readFeature(doc, first).properties).toEqual({ opening: 'Mon-Fri' });
    setFeatureGeometry(doc, first, { type: 'Point', coordinates: [-2.2, 53.5] }, amy);
    expect(readFeature(doc, first).geometry.coordinates).toEqual([-2.2, 53.5]);
  });

  it('follows changes made by another replica, and an undo', () => {
    const { doc, first } = boardWithTwoFeatures();
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    expect(readFeature(doc, first).properties.name).toBe('Surgery');
    setFeatureProperty(remote, first, 'name', 'Walk-in centre', amy);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    expect(readFeature(doc, first).properties.name).toBe('Walk-in centre');

    const undo = new Y.UndoManager(getRoots(doc).features, { captureTimeout: 0 });
    setFeatureProperty(doc, first, 'name', 'Clinic', amy);
    expect(readFeature(doc, first).properties.name).toBe('Clinic');
    undo.undo();
    expect(readFeature(doc, first).properties.name).toBe('Walk-in centre');
  });

  it('sees a transaction\'s own changes while it runs', () => {
    const { doc, first } = boardWithTwoFeatures();
    expect(readFeature(doc, first).properties.name).toBe('Surgery');
    doc.transact(() => {
      setFeatureProperty(doc, first, 'name', 'Health centre', amy);
      expect(readFeature(doc, first).properties.name).toBe('Health centre');
    });
    expect(readFeature(doc, first).properties.name).toBe('Health centre');
  });

  it('sees, in an observer, a change that an earlier observer made and whose own observers have not run yet', () => {
    const { doc, first, second } = boardWithTwoFeatures();
    expect(readFeature(doc, second).properties.name).toBe('Pharmacy');
    const seen: unknown[] = [];
    let reacted = false;
    // The first observer answers a change to one feature by changing the other: Yjs queues that transaction and
    // runs its observers after this one's, so the second observer runs between the change and its accounting.
    getRoots(doc).features.observeDeep(() => {
      if (reacted) return;
      reacted = true;
      setFeatureProperty(doc, second, 'name', 'Late-night pharmacy', amy);
    });
    getRoots(doc).features.observeDeep(() => {
      seen.push(readFeature(doc, second).properties.name);
    });
    setFeatureProperty(doc, first, 'name', 'Health centre', amy);
    expect(seen).toEqual(['Late-night pharmacy', 'Late-night pharmacy']);
    expect(readFeature(doc, second).properties.name).toBe('Late-night pharmacy');
  });

  it('reads a deleted feature as gone, and a record repaired by a later change as valid', () => {
    const { doc, first, second } = boardWithTwoFeatures();
    readFeature(doc, first);
    deleteFeature(doc, first);
    expect(getFeature(doc, first)).toBeUndefined();
    expect(listFeatures(doc).map((r) => r.ok && r.value.id)).toEqual([second]);

    const record = getRoots(doc).features.get(second) as Y.Map<unknown>;
    record.set('geometry', { type: 'Point', coordinates: 'nowhere' });
    expect(getFeature(doc, second)?.ok).toBe(false);
    record.set('geometry', { type: 'Point', coordinates: [-2.3, 53.4] });
    expect(getFeature(doc, second)?.ok).toBe(true);
  });
});
