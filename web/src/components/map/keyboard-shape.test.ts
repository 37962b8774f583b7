import { describe, expect, it } from 'vitest';
import type { Geometry } from '@placeboard/board';
import { editableParts, reshapePart, tooFew } from './keyboard-shape';

type Ring = [number, number][];
const squareRing: Ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
const holeRing: Ring = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]];
const shifted = (ring: Ring): Ring => ring.map(([x, y]) => [x + 5, y]);
const square: Geometry = { type: 'Polygon', coordinates: [squareRing] };
const withHole: Geometry = { type: 'Polygon', coordinates: [squareRing, holeRing] };
const twoAreas = { type: 'MultiPolygon', coordinates: [[squareRing], [shifted(squareRing), shifted(holeRing)]] } satisfies Geometry;

describe('editableParts', () => {
  it('gives the one part of a point, a line, and an area without the repeat of its first corner', () => {
    expect(editableParts({ type: 'Point', coordinates: [-2.3, 53.4, 12] })).toEqual([{ path: [], label: null, hole: false, shape: { kind: 'point', points: [[-2.3, 53.4]] } }]);
    expect(editableParts({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })).toEqual([{ path: [], label: null, hole: false, shape: { kind: 'linestring', points: [[0, 0], [1, 1]] } }]);
    expect(editableParts(square)).toEqual([{ path: [0], label: null, hole: false, shape: { kind: 'polygon', points: [[0, 0], [1, 0], [1, 1], [0, 1]] } }]);
    // An outline stored without its closing corner has the same corners.
    expect(editableParts({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })?.[0]?.shape.points).toHaveLength(4);
    // A MultiPolygon of one area without holes is one part, not named.
    expect(editableParts({ type: 'MultiPolygon', coordinates: [[squareRing]] })).toEqual([{ path: [0, 0], label: null, hole: false, shape: { kind: 'polygon', points: [[0, 0], [1, 0], [1, 1], [0, 1]] } }]);
  });

  it("names each part of a shape of several: an area's outline and holes, each area, line and point", () => {
    expect(editableParts(withHole)?.map(({ path, label, hole }) => ({ path, label, hole }))).toEqual([
      { path: [0], label: 'Outline', hole: false },
      { path: [1], label: 'Hole 1', hole: true },
    ]);
    expect(editableParts(twoAreas)?.map(({ path, label, shape }) => [path, label, shape.points.length])).toEqual([
      [[0, 0], 'Part 1', 4],
      [[1, 0], 'Part 2', 4],
      [[1, 1], 'Part 2, hole 1', 3],
    ]);
    expect(editableParts({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 4]]] })?.map(({ path, label, shape }) => [path, label, shape.kind])).toEqual([
      [[0], 'Line 1', 'linestring'],
      [[1], 'Line 2', 'linestring'],
    ]);
    expect(editableParts({ type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] })?.map(({ path, label, shape }) => [path, label, shape])).toEqual([
      [[0], 'Point 1', { kind: 'point', points: [[0, 0]] }],
      [[1], 'Point 2', { kind: 'point', points: [[1, 1]] }],
    ]);
  });

  it('leaves out a ring of fewer than 3 corners, and gives nothing when no part is left', () => {
    // Two corners, closed: not an area the keyboard can change.
    const thin: Ring = [[0, 0], [1, 1], [0, 0]];
    expect(editableParts({ type: 'Polygon', coordinates: [squareRing, thin] })?.map((part) => part.path)).toEqual([[0]]);
    expect(editableParts({ type: 'Polygon', coordinates: [thin] })).toBeNull();
    expect(editableParts({ type: 'MultiPoint', coordinates: [] })).toBeNull();
  });
});

describe('reshapePart', () => {
  it('moves a corner and keeps the area closed', () => {
    expect(reshapePart(square, [0], { kind: 'move', index: 0, to: [-1, -1] })).toEqual({ type: 'Polygon', coordinates: [[[-1, -1], [1, 0], [1, 1], [0, 1], [-1, -1]]] });
  });

  it('adds a point after another, the last point of an area included', () => {
    expect(reshapePart({ type: 'LineString', coordinates: [[0, 0], [2, 0]] }, [], { kind: 'add', after: 0, at: [1, 1] })).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] });
    expect(reshapePart(square, [0], { kind: 'add', after: 3, at: [-1, 0.5] })).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [-1, 0.5], [0, 0]]] });
  });

  it('removes a point, but not below the fewest a shape needs', () => {
    const triangle = reshapePart(square, [0], { kind: 'remove', index: 1 });
    expect(triangle).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 1], [0, 0]]] });
    expect(() => reshapePart(triangle, [0], { kind: 'remove', index: 0 })).toThrow('An area needs 3 corners');
    expect(() => reshapePart({ type: 'LineString', coordinates: [[0, 0], [2, 0]] }, [], { kind: 'remove', index: 0 })).toThrow('A line needs 2 points');
    expect(() => reshapePart(withHole, [1], { kind: 'remove', index: 0 })).toThrow('A hole needs 3 corners');
    expect(tooFew({ shape: { kind: 'point', points: [[0, 0]] }, hole: false })).toBe('A point has one position, which can be moved but not removed');
  });

  it('moves a point, and refuses a point that is not there', () => {
    expect(reshapePart({ type: 'Point', coordinates: [0, 0] }, [], { kind: 'move', index: 0, to: [3, 4] })).toEqual({ type: 'Point', coordinates: [3, 4] });
    expect(() => reshapePart({ type: 'Point', coordinates: [0, 0] }, [], { kind: 'add', after: 0, at: [1, 1] })).toThrow('A point has only one position');
    expect(() => reshapePart(square, [0], { kind: 'move', index: 4, to: [1, 1] })).toThrow('The shape has no point 5');
  });

  it("changes one ring or part and leaves every other as it was, the input untouched", () => {
    const before = structuredClone(twoAreas);
    const moved = reshapePart(twoAreas, [1, 1], { kind: 'move', index: 1, to: [5.3, 0.25] });
    expect(moved).toEqual({
      type: 'MultiPolygon',
      coordinates: [twoAreas.coordinates[0], [twoAreas.coordinates[1]![0], [[5.2, 0.2], [5.3, 0.25], [5.4, 0.4], [5.2, 0.2]]]],
    });
    expect(twoAreas).toEqual(before);
    expect(reshapePart(withHole, [0], { kind: 'remove', index: 3 })).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]], holeRing] });
    expect(reshapePart({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }, [1], { kind: 'add', after: 0, at: [2.5, 2] })).toEqual({
      type: 'MultiLineString',
      coordinates: [[[0, 0], [1, 1]], [[2, 2], [2.5, 2], [3, 3]]],
    });
    expect(reshapePart({ type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] }, [0], { kind: 'move', index: 0, to: [9, 9] })).toEqual({ type: 'MultiPoint', coordinates: [[9, 9], [1, 1]] });
  });

  it('refuses a part that is not there: the shape changed while a point was chosen', () => {
    expect(() => reshapePart(square, [1], { kind: 'move', index: 0, to: [1, 1] })).toThrow('The shape has changed');
    expect(() => reshapePart(twoAreas, [0], { kind: 'move', index: 0, to: [1, 1] })).toThrow('The shape has changed');
    expect(() => reshapePart({ type: 'Point', coordinates: [0, 0] }, [0], { kind: 'move', index: 0, to: [1, 1] })).toThrow('The shape has changed');
  });
});
