import { describe, expect, it } from 'vitest';
import { PURPOSE_CONTENT_KEY, purposeSchema } from '../index.js';

const valid = {
  id: 'pu1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 1,
  title: 'Why we exist',
  cohort: 'Adults over 65 with two or more long-term conditions',
  order: 'a0',
};

describe('purposeSchema', () => {
  it('parses a valid purpose', () => {
    expect(purposeSchema.parse(valid)).toEqual(valid);
  });

  it('defaults cohort to empty and order to a0', () => {
    const parsed = purposeSchema.parse({ ...valid, cohort: undefined, order: undefined });
    expect(parsed.cohort).toBe('');
    expect(parsed.order).toBe('a0');
  });

  it('keeps the rich text out of the plain fields (the fragment key is "content")', () => {
    expect(PURPOSE_CONTENT_KEY).toBe('content');
    expect(purposeSchema.parse({ ...valid, [PURPOSE_CONTENT_KEY]: '<paragraph>x</paragraph>' })).not.toHaveProperty(
      PURPOSE_CONTENT_KEY,
    );
  });

  it.each([
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['a missing title', { title: undefined }],
    ['a cohort over 2000 characters', { cohort: 'x'.repeat(2001) }],
    ['a numeric order', { order: 1 }],
    ['a missing createdBy', { createdBy: undefined }],
  ])('rejects %s', (_label, change) => {
    expect(purposeSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
