import { describe, expect, it } from 'vitest';
import { PARTNER_COMMITMENTS, PARTNER_SECTORS, partnerSchema } from '../index.js';

const valid = {
  id: 'p1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 1,
  organisation: 'Trafford Council',
  sector: 'local authority',
  lead: 'Director of Public Health',
  commitment: 'committed',
  role: 'Convenes the partnership',
  accountability: 'Health and Wellbeing Board',
  contact: 'Public health team, publichealth@trafford.gov.uk',
  notes: 'Chairs the steering group',
};

describe('partnerSchema', () => {
  it('parses a valid partner', () => {
    expect(partnerSchema.parse(valid)).toEqual(valid);
  });

  it('defaults lead, contact, role, accountability and notes to empty and commitment to unknown', () => {
    const parsed = partnerSchema.parse({
      ...valid,
      lead: undefined,
      contact: undefined,
      commitment: undefined,
      role: undefined,
      accountability: undefined,
      notes: undefined,
    });
    expect(parsed).toMatchObject({ lead: '', contact: '', commitment: 'unknown', role: '', accountability: '', notes: '' });
  });

  it('reads a partner stored before contact and notes existed', () => {
    const { contact: _contact, notes: _notes, ...older } = valid;
    expect(partnerSchema.parse(older)).toEqual({ ...older, contact: '', notes: '' });
  });

  it('accepts every sector and commitment', () => {
    for (const sector of PARTNER_SECTORS) expect(partnerSchema.safeParse({ ...valid, sector }).success).toBe(true);
    for (const commitment of PARTNER_COMMITMENTS) {
      expect(partnerSchema.safeParse({ ...valid, commitment }).success).toBe(true);
    }
  });

  it.each([
    ['an empty organisation', { organisation: '' }],
    ['an organisation over 200 characters', { organisation: 'x'.repeat(201) }],
    ['an unknown sector', { sector: 'private' }],
    ['an unknown commitment', { commitment: 'keen' }],
    ['a role over 2000 characters', { role: 'x'.repeat(2001) }],
    ['a contact over 300 characters', { contact: 'x'.repeat(301) }],
    ['notes over 10000 characters', { notes: 'x'.repeat(10_001) }],
  ])('rejects %s', (_label, change) => {
    expect(partnerSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
