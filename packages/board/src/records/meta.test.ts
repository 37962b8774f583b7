import { describe, expect, it } from 'vitest';
import { boardMetaSchema, viewportSchema } from '../index.js';

const valid = {
  title: 'Trafford',
  neighbourhood: 'North',
  schemaVersion: 2,
  template: 'neighbourhood',
  viewport: { center: [-2.33, 53.42], zoom: 11 },
  attribution: ['OGL v3'],
};

describe('boardMetaSchema', () => {
  it('parses valid settings, and settings with only title and version', () => {
    expect(boardMetaSchema.parse(valid)).toEqual(valid);
    expect(boardMetaSchema.safeParse({ title: '', schemaVersion: 0 }).success).toBe(true);
  });

  it.each([
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['a negative schema version', { schemaVersion: -1 }],
    ['a fractional schema version', { schemaVersion: 1.5 }],
    ['a missing schema version', { schemaVersion: undefined }],
    ['a non-array attribution', { attribution: 'OGL' }],
  ])('rejects %s', (_label, change) => {
    expect(boardMetaSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe('viewportSchema', () => {
  it.each([
    ['longitude out of range', { center: [-181, 53], zoom: 3 }],
    ['latitude out of range', { center: [-2, 91], zoom: 3 }],
    ['zoom below 0', { center: [0, 0], zoom: -1 }],
    ['zoom above 24', { center: [0, 0], zoom: 25 }],
    ['a three-number centre', { center: [0, 0, 0], zoom: 3 }],
  ])('rejects %s', (_label, viewport) => {
    expect(viewportSchema.safeParse(viewport).success).toBe(false);
  });

  it('accepts the extremes', () => {
    expect(viewportSchema.safeParse({ center: [180, -90], zoom: 0 }).success).toBe(true);
    expect(viewportSchema.safeParse({ center: [-180, 90], zoom: 24 }).success).toBe(true);
  });
});
