import { describe, expect, it } from 'vitest';
import { CONTRIBUTION_STATUSES, communityContributionSchema } from '../index.js';

const valid = {
  id: 'c1',
  createdBy: 'Old Trafford Residents Group',
  createdAt: 1,
  updatedAt: 1,
  point: [-2.29, 53.45],
  category: 'meeting place',
  text: 'The library cafe is where people meet on Tuesdays',
  status: 'published',
};

describe('communityContributionSchema', () => {
  it('parses a valid contribution', () => {
    expect(communityContributionSchema.parse(valid)).toEqual(valid);
  });

  it('allows no point, and defaults status to pending', () => {
    const parsed = communityContributionSchema.parse({ ...valid, point: undefined, status: undefined });
    expect(parsed.point).toBeUndefined();
    expect(parsed.status).toBe('pending');
  });

  it('accepts what a moderator converted it to, and no conversion', () => {
    for (const kind of ['feature', 'sticky']) {
      const convertedTo = { kind, id: 'f1' };
      expect(communityContributionSchema.parse({ ...valid, convertedTo }).convertedTo).toEqual(convertedTo);
    }
    expect(communityContributionSchema.parse(valid).convertedTo).toBeUndefined();
  });

  it('accepts every status', () => {
    for (const status of CONTRIBUTION_STATUSES) {
      expect(communityContributionSchema.safeParse({ ...valid, status }).success, status).toBe(true);
    }
  });

  it.each([
    ['longitude beyond 180', { point: [180.1, 53] }],
    ['latitude beyond -90', { point: [-2, -90.5] }],
    ['a point with one coordinate', { point: [-2] }],
    ['empty text', { text: '' }],
    ['text over 2000 characters', { text: 'x'.repeat(2001) }],
    ['category over 100 characters', { category: 'x'.repeat(101) }],
    ['an unknown status', { status: 'deleted' }],
    ['a conversion to something else', { convertedTo: { kind: 'purpose', id: 'p1' } }],
    ['a conversion without an id', { convertedTo: { kind: 'feature', id: '' } }],
  ])('rejects %s', (_label, change) => {
    expect(communityContributionSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
