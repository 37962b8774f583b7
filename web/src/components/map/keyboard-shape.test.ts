import { describe, expect, it } from 'vitest';
import type { Geometry } from '@placeboard/board';
import { editableShape, reshape } from './keyboard-shape';

const square: Extract<Geometry, { type: 'Polygon' }> = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };

describe('editableShape', () => {
  it('gives the points of a point, a line, and an area without the repeat of its first corner', () => {
    expect(editableShape({ type: 'Point', coordinates: [-2.3, 53.4, 12] })).toEqual({ kind: 'point', points: [[-2.3, 53.4]] });
    expect(editableShape({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })).toEqual({ kind: 'linestring', points: [[0, 0], [1, 1]] });
    expect(editableShape(square)).toEqual({ kind: 'polygon', points: [[0, 0], [1, 0], [1, 1], [0, 1]] });
    // An outline stored without its closing corner has the same corners.
    expect(editableShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })?.points).toHaveLength(4);
  });

  it('gives nothing for shapes changed on the map only: several parts, an area with a hole', () => {
    expect(editableShape({ type: 'MultiPoint', coordinates: [[0, 0]] })).toBeNull();
    expect(editableShape({ type: 'MultiPolygon', coordinates: [square.coordinates] })).toBeNull();
    expect(editableShape({ type: 'Polygon', coordinates: [square.coordinates[0]!, [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]] })).toBeNull();
  });
});

describe('reshape', () => {
  const area = editableShape(square)!;

  it('moves a corner and keeps the area closed', () => {
    expect(reshape(area, { kind: 'move', index: 0, to: [-1, -1] })).toEqual({ type: 'Polygon', coordinates: [[[-1, -1], [1, 0], [1, 1], [0, 1], [-1, -1]]] });
  });

  it('adds a point after another, the last point of an area included', () => {
    const line = editableShape({ type: 'LineString', coordinates: [[0, 0], [2, 0]] })!;
    expect(reshape(line, { kind: 'add', after: 0, at: [1, 1] })).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] });
    expect(reshape(area, { kind: 'add', after: 3, at: [-1, 0.5] })).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [-1, 0.5], [0, 0]]] });
  });

  it('removes a point, but not below the fewest a shape needs', () => {
    expect(reshape(area, { kind: 'remove', index: 1 })).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 1], [0, 0]]] });
    const triangle = editableShape(reshape(area, { kind: 'remove', index: 1 }))!;
    expect(() => reshape(triangle, { kind: 'remove', index: 0 })).toThrow('An area needs 3 corners');
    const line = editableShape({ type: 'LineString', coordinates: [[0, 0], [2, 0]] })!;
    expect(() => reshape(line, { kind: 'remove', index: 0 })).toThrow('A line needs 2 points');
  });

  it('moves a point feature, and refuses a point that is not there', () => {
    const point = editableShape({ type: 'Point', coordinates: [0, 0] })!;
    expect(reshape(point, { kind: 'move', index: 0, to: [3, 4] })).toEqual({ type: 'Point', coordinates: [3, 4] });
    expect(() => reshape(point, { kind: 'add', after: 0, at: [1, 1] })).toThrow('A point has only one position');
    expect(() => reshape(area, { kind: 'move', index: 4, to: [1, 1] })).toThrow('The shape has no point 5');
  });
});
