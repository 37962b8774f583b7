import { describe, expect, it } from 'vitest';
import { GOVERNANCE_KINDS, governanceEntrySchema } from '../index.js';

const valid = {
  id: 'g1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 1,
  kind: 'data-sharing',
  title: 'Share frailty register with the community pharmacy',
  detail: 'Monthly extract',
  status: 'agreed',
  purpose: 'Medication reviews for housebound patients',
  lawfulBasis: 'Article 6(1)(e); Article 9(2)(h)',
  igLead: 'Trafford IG team',
};

describe('governanceEntrySchema', () => {
  it('parses a valid entry', () => {
    expect(governanceEntrySchema.parse(valid)).toEqual(valid);
  });

  it('defaults detail to empty and status to open', () => {
    const parsed = governanceEntrySchema.parse({ ...valid, detail: undefined, status: undefined });
    expect(parsed.detail).toBe('');
    expect(parsed.status).toBe('open');
  });

  it('accepts every kind', () => {
    for (const kind of GOVERNANCE_KINDS) {
      expect(governanceEntrySchema.safeParse({ ...valid, kind }).success, kind).toBe(true);
    }
  });

  it.each([
    ['an unknown kind', { kind: 'minute' }],
    ['an empty title', { title: '' }],
    ['a title over 300 characters', { title: 'x'.repeat(301) }],
    ['a lawful basis over 300 characters', { lawfulBasis: 'x'.repeat(301) }],
    ['an IG lead over 200 characters', { igLead: 'x'.repeat(201) }],
  ])('rejects %s', (_label, change) => {
    expect(governanceEntrySchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
