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
  agreement: { 'partner-1': { state: 'concerns', by: 'amy', at: 5 } },
  featureIds: ['f1'],
  layerIds: ['l1'],
  description: 'Fewer falls that end in hospital',
  indicator: 'Emergency admissions for falls, 65+',
  baseline: '2,310 per 100,000',
  target: '2,000 per 100,000',
  byWhen: '2027-03-31',
  dataSource: 'SUS, monthly',
  ownerPartnerId: 'partner-1',
};

describe('canvasItemSchema', () => {
  it('parses a valid item and keeps its fields', () => {
    const parsed = canvasItemSchema.parse(valid);
    expect(parsed).toEqual(valid);
  });

  it('parses a connector with its ends and label, and a frame named by its text', () => {
    expect(canvasItemSchema.parse({ ...valid, kind: 'connector', from: 'a', to: 'b', label: 'leads to' })).toMatchObject({
      from: 'a',
      to: 'b',
      label: 'leads to',
    });
    expect(canvasItemSchema.parse({ ...valid, kind: 'frame', text: 'Prevention' }).text).toBe('Prevention');
  });

  it('defaults the outcome fields to empty for items that have none (stickies, older cards)', () => {
    const { layerIds: _l, description: _d, indicator: _i, baseline: _b, target: _t, byWhen: _w, dataSource: _s, ownerPartnerId: _o, ...bare } = valid;
    expect(canvasItemSchema.parse({ ...bare, kind: 'sticky' })).toMatchObject({
      layerIds: [],
      description: '',
      indicator: '',
      baseline: '',
      target: '',
      byWhen: '',
      dataSource: '',
      ownerPartnerId: null,
    });
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
    ['unknown agreement state', { agreement: { p: { state: 'maybe', by: 'amy', at: 1 } } }],
    ['agreement as a bare state (before migration 3)', { agreement: { p: 'agreed' } }],
    ['agreement without who set it', { agreement: { p: { state: 'agreed', at: 1 } } }],
    ['by-when that is not a date', { byWhen: 'next spring' }],
    ['numeric owner partner', { ownerPartnerId: 3 }],
    ['feature ids that are not strings', { featureIds: [1] }],
    ['connector label over 200 characters', { kind: 'connector', from: 'a', to: 'b', label: 'x'.repeat(201) }],
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
