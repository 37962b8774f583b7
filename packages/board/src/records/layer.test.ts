import { describe, expect, it } from 'vitest';
import { LAYER_KINDS, layerSchema, layerStyleSchema } from '../index.js';

const valid = {
  id: 'l1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 1,
  name: 'Deprivation',
  kind: 'indicator',
  style: { colour: '#ce1256', indicatorProperty: 'imd_decile', ramp: ['#000000', '#ffffff'] },
  visible: true,
  order: 'a0',
  source: 'MHCLG IoD 2019',
  attribution: 'OGL v3',
};

describe('layerSchema', () => {
  it('parses a valid layer, not published on the community page unless it says so', () => {
    expect(layerSchema.parse(valid)).toEqual({ ...valid, published: false });
    expect(layerSchema.parse({ ...valid, published: true }).published).toBe(true);
  });

  it('accepts every kind, and a style with only a colour', () => {
    for (const kind of LAYER_KINDS) expect(layerSchema.safeParse({ ...valid, kind }).success, kind).toBe(true);
    expect(layerStyleSchema.safeParse({ colour: '#212b32' }).success).toBe(true);
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['an unknown kind', { kind: 'heatmap' }],
    ['a bad style colour', { style: { colour: 'blue' } }],
    ['a style without colour', { style: {} }],
    ['a missing visible flag', { visible: undefined }],
    ['a string visible flag', { visible: 'true' }],
    ['a source over 500 characters', { source: 'x'.repeat(501) }],
    ['an attribution over 1000 characters', { attribution: 'x'.repeat(1001) }],
    ['a string published flag', { published: 'yes' }],
  ])('rejects %s', (_label, change) => {
    expect(layerSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe('layerStyleSchema category styling', () => {
  it('accepts a category property with colours per value, and an icon', () => {
    const style = { colour: '#005eb8', categoryProperty: 'type', categoryColours: { GP: '#007f3b', Pharmacy: '#8a1538' }, icon: '+' };
    expect(layerStyleSchema.parse(style)).toEqual(style);
  });

  it('rejects a category colour that is not #rrggbb, and a long icon', () => {
    expect(layerStyleSchema.safeParse({ colour: '#005eb8', categoryColours: { GP: 'green' } }).success).toBe(false);
    expect(layerStyleSchema.safeParse({ colour: '#005eb8', icon: 'x'.repeat(9) }).success).toBe(false);
  });
});
