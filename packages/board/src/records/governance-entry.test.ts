import { describe, expect, it } from 'vitest';
import { DPIA_STATUSES, GOVERNANCE_KINDS, governanceEntryProblems, governanceEntrySchema } from '../index.js';

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
    ['a likelihood of 0', { likelihood: 0 }],
    ['an impact of 6', { impact: 6 }],
    ['a fractional likelihood', { likelihood: 2.5 }],
    ['an unknown DPIA status', { dpiaStatus: 'pending' }],
    ['a review date that is not YYYY-MM-DD', { reviewDate: '1/2/2026' }],
    ['a decision date that is not YYYY-MM-DD', { decidedOn: 'tomorrow' }],
    ['includesHealthData that is not a boolean', { includesHealthData: 'yes' }],
  ])('rejects %s', (_label, change) => {
    expect(governanceEntrySchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe('governance entry kinds', () => {
  const base = { id: 'g2', createdBy: 'amy', createdAt: 1, updatedAt: 1, detail: '', status: 'open' };

  it('parses a decision with who, when and why', () => {
    const decision = { ...base, kind: 'decision', title: 'Agree the cohort', decidedBy: 'Steering group', decidedOn: '2026-03-01', rationale: 'Highest need' };
    expect(governanceEntrySchema.parse(decision)).toEqual(decision);
  });

  it('parses a data-sharing entry with every register field', () => {
    const entry = {
      ...base,
      kind: 'data-sharing',
      title: 'MDT case list',
      purpose: 'Direct care',
      dataItems: 'NHS number, conditions',
      lawfulBasis: '6(1)(e)',
      includesHealthData: true,
      article9Condition: '9(2)(h)',
      controllers: 'GP practices; council',
      igLead: 'ICB IG team',
      dpiaStatus: 'in progress',
      reviewDate: '2027-01-31',
    };
    expect(governanceEntrySchema.parse(entry)).toEqual(entry);
    for (const dpiaStatus of DPIA_STATUSES) expect(governanceEntrySchema.safeParse({ ...entry, dpiaStatus }).success).toBe(true);
  });

  it('parses a risk with likelihood and impact from 1 to 5', () => {
    const risk = { ...base, kind: 'risk', title: 'Staff turnover', likelihood: 5, impact: 1, owner: 'PCN manager', mitigation: 'Rota' };
    expect(governanceEntrySchema.parse(risk)).toEqual(risk);
  });

  it('requires an Article 9 condition only when health data is involved', () => {
    const sharing = { kind: 'data-sharing' as const, title: 'x' };
    expect(governanceEntryProblems({ ...sharing, includesHealthData: true })).toHaveLength(1);
    expect(governanceEntryProblems({ ...sharing, includesHealthData: true, article9Condition: '9(2)(h)' })).toEqual([]);
    expect(governanceEntryProblems({ ...sharing, includesHealthData: false })).toEqual([]);
    expect(governanceEntryProblems({ kind: 'risk', title: 'x', includesHealthData: true })).toEqual([]);
  });
});
