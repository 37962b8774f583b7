import type { PartnerCommitment, PartnerSector } from '@placeboard/board';

/** Sector names as the tables and the partner map show them. */
export const SECTOR_LABELS: Record<PartnerSector, string> = {
  NHS: 'NHS',
  'local authority': 'Local authority',
  'social care': 'Social care',
  VCSE: 'VCSE',
  community: 'Community',
  other: 'Other',
};

/** Commitment levels as shown, with a line on what each means. */
export const COMMITMENT_LABELS: Record<PartnerCommitment, { label: string; hint: string }> = {
  committed: { label: 'Committed', hint: 'Puts in time, money or staff' },
  engaged: { label: 'Engaged', hint: 'Takes part and shares information' },
  performative: { label: 'Performative', hint: 'Signs up but does not act' },
  unknown: { label: 'Unknown', hint: 'Not known yet' },
};
