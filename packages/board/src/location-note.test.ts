import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFeature, addLayer, initBoard } from './index.js';
import { distanceMetres, locationNote, readNamedPlaces, type NamedPlace } from './location-note.js';

const practice: NamedPlace = { name: 'Old Trafford Medical Practice', layerName: 'GP practices', point: [-2.28, 53.46] };

describe('locationNote', () => {
  it('names the nearest place within a kilometre, with a rounded distance', () => {
    // 0.001 degrees of latitude is about 111 m.
    expect(locationNote([-2.28, 53.461], [practice])).toBe('About 100 m from Old Trafford Medical Practice (GP practices)');
    expect(locationNote([-2.28, 53.46001], [practice])).toBe('At Old Trafford Medical Practice (GP practices)');
    const far: NamedPlace = { ...practice, name: 'Far clinic', point: [-2.28, 53.465] };
    expect(locationNote([-2.28, 53.4641], [practice, far])).toBe('About 100 m from Far clinic (GP practices)');
  });

  it('falls back to coordinates when nothing named is near, and says when there is no place', () => {
    expect(locationNote([-2.2885, 53.4575], [])).toBe('At 53.4575° N, 2.2885° W');
    expect(locationNote([-2.28, 53.48], [practice])).toBe('At 53.4800° N, 2.2800° W');
    expect(locationNote(undefined, [practice])).toBe('No place given');
  });

  it('measures distances on the globe', () => {
    expect(distanceMetres([0, 0], [0, 1])).toBeCloseTo(111_195, -2);
  });
});

describe('readNamedPlaces', () => {
  it('reads named points of every layer, skipping unnamed ones and other geometry', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'T' });
    const author = { name: 'a' };
    const layerId = addLayer(doc, { name: 'GP practices', kind: 'assets', style: { colour: '#005eb8' } }, author);
    addFeature(doc, { layerId, geometry: { type: 'Point', coordinates: [-2.28, 53.46] }, properties: { Name: ' Old Trafford Medical Practice ' } }, author);
    addFeature(doc, { layerId, geometry: { type: 'Point', coordinates: [-2.29, 53.46] }, properties: {} }, author);
    addFeature(doc, { layerId, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: { name: 'A road' } }, author);
    expect(readNamedPlaces(doc)).toEqual([practice]);
  });
});
