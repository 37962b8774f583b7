import { describe, expect, it } from 'vitest';
import { featureSchema, geometrySchema } from '../index.js';

const square = [
  [-2.3, 53.4],
  [-2.2, 53.4],
  [-2.2, 53.5],
  [-2.3, 53.4],
];

const valid = {
  id: 'f1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 1,
  layerId: 'l1',
  geometry: { type: 'Point', coordinates: [-2.33, 53.42] },
  properties: { name: 'Sale Health Centre', list_size: 12000 },
};

describe('featureSchema', () => {
  it('parses a valid feature and defaults properties', () => {
    expect(featureSchema.parse(valid)).toEqual(valid);
    expect(featureSchema.parse({ ...valid, properties: undefined }).properties).toEqual({});
  });

  it.each([
    ['an empty layer id', { layerId: '' }],
    ['a missing geometry', { geometry: undefined }],
    ['a non-object properties', { properties: 'name=x' }],
  ])('rejects %s', (_label, change) => {
    expect(featureSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe('geometrySchema', () => {
  it.each([
    ['Point', { type: 'Point', coordinates: [-2.33, 53.42] }],
    ['Point with altitude', { type: 'Point', coordinates: [-2.33, 53.42, 30] }],
    ['MultiPoint', { type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] }],
    ['LineString', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }],
    ['MultiLineString', { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }],
    ['Polygon', { type: 'Polygon', coordinates: [square] }],
    ['Polygon with a hole', { type: 'Polygon', coordinates: [square, square] }],
    ['MultiPolygon', { type: 'MultiPolygon', coordinates: [[square], [square]] }],
    ['extreme coordinates', { type: 'Point', coordinates: [180, -90] }],
  ])('accepts a %s', (_label, geometry) => {
    expect(geometrySchema.safeParse(geometry).success).toBe(true);
  });

  it.each([
    ['longitude over 180', { type: 'Point', coordinates: [180.0001, 0] }],
    ['latitude under -90', { type: 'Point', coordinates: [0, -90.0001] }],
    ['swapped lat/lon out of range', { type: 'Point', coordinates: [53.42, -120] }],
    ['a one-number position', { type: 'Point', coordinates: [1] }],
    ['a NaN coordinate', { type: 'Point', coordinates: [Number.NaN, 0] }],
    ['a string coordinate', { type: 'Point', coordinates: ['-2', '53'] }],
    ['a line of one position', { type: 'LineString', coordinates: [[0, 0]] }],
    ['a polygon ring of three positions', { type: 'Polygon', coordinates: [square.slice(1)] }],
    ['a polygon with no rings', { type: 'Polygon', coordinates: [] }],
    ['a multipolygon with a short ring', { type: 'MultiPolygon', coordinates: [[square.slice(0, 3)]] }],
    ['a multipolygon part with no rings', { type: 'MultiPolygon', coordinates: [[]] }],
    ['an unknown type', { type: 'Circle', coordinates: [0, 0] }],
    ['a GeometryCollection', { type: 'GeometryCollection', geometries: [] }],
    ['a lower-case type', { type: 'point', coordinates: [0, 0] }],
  ])('rejects %s', (_label, geometry) => {
    expect(geometrySchema.safeParse(geometry).success).toBe(false);
  });
});
