import { describe, expect, it } from 'vitest';
import { CANVAS_ITEM_DEFAULTS, CANVAS_ITEM_KINDS, canvasItemSchema } from '../index.js';

const valid = {
  id: 'item-1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 2,
  kind: 'outcome',
  x: -40.5,
  y: 12,
  w: 260,
  h: 150,
  z: 'a0',
  text: 'Fewer falls',
  colour: '#e6f0fa',
  votes: { amy: 2 },
  agreement: { 'partner-1': 'concerns' },
  featureIds: ['f1'],
};

describe('canvasItemSchema', () => {
  it('parses a valid item and keeps its fields', () => {
    const parsed = canvasItemSchema.parse(valid);
    expect(parsed).toEqual(valid);
  });

  it('defaults votes, agreement and featureIds when absent', () => {
    const { votes: _v, agreement: _a, featureIds: _f, ...bare } = valid;
    const parsed = canvasItemSchema.parse(bare);
    expect(parsed.votes).toEqual({});
    expect(parsed.agreement).toEqual({});
    expect(parsed.featureIds).toEqual([]);
  });

  it('accepts every kind, and the defaults of every kind are themselves valid', () => {
    for (const kind of CANVAS_ITEM_KINDS) {
      expect(canvasItemSchema.safeParse({ ...valid, kind, ...CANVAS_ITEM_DEFAULTS[kind] }).success, kind).toBe(true);
    }
  });

  it.each([
    ['unknown kind', { kind: 'balloon' }],
    ['colour without #', { colour: 'e6f0fa' }],
    ['short colour', { colour: '#fff' }],
    ['colour name', { colour: 'red' }],
    ['non-hex colour', { colour: '#gggggg' }],
    ['negative width', { w: -1 }],
    ['zero height', { h: 0 }],
    ['infinite x', { x: Number.POSITIVE_INFINITY }],
    ['NaN y', { y: Number.NaN }],
    ['text over 10 000 characters', { text: 'x'.repeat(10_001) }],
    ['fractional vote', { votes: { amy: 1.5 } }],
    ['negative vote', { votes: { amy: -1 } }],
    ['unknown agreement state', { agreement: { p: 'maybe' } }],
    ['numeric z', { z: 3 }],
    ['empty id', { id: '' }],
    ['negative createdAt', { createdAt: -1 }],
    ['fractional updatedAt', { updatedAt: 1.5 }],
  ])('rejects %s', (_label, change) => {
    expect(canvasItemSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('rejects an item with a required field missing', () => {
    for (const key of ['kind', 'x', 'y', 'w', 'h', 'z', 'text', 'colour', 'createdBy'] as const) {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[key];
      expect(canvasItemSchema.safeParse(copy).success, key).toBe(false);
    }
  });
});
