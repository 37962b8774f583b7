import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

export const PARTNER_SECTORS = ['NHS', 'local authority', 'social care', 'VCSE', 'community', 'other'] as const;
/** The sector a partner organisation belongs to. */
export type PartnerSector = (typeof PARTNER_SECTORS)[number];
export const PARTNER_COMMITMENTS = ['committed', 'engaged', 'performative', 'unknown'] as const;
/** An honest reading of how far a partner is in: from committed down to performative, or not known yet. */
export type PartnerCommitment = (typeof PARTNER_COMMITMENTS)[number];

/**
 * An organisation in the partnership, with an honest view of its commitment. `contact` is a work contact
 * for the organisation (a role or a team mailbox), never a resident. `contact` and `notes` came later than
 * the other fields: they default to empty, so older records read unchanged and need no migration.
 */
export const partnerSchema = recordBaseSchema.extend({
  organisation: z.string().min(1).max(200),
  sector: z.enum(PARTNER_SECTORS),
  lead: z.string().max(200).default(''),
  contact: z.string().max(300).default(''),
  commitment: z.enum(PARTNER_COMMITMENTS).default('unknown'),
  role: z.string().max(2000).default(''),
  accountability: z.string().max(2000).default(''),
  notes: z.string().max(10_000).default(''),
});
export type Partner = z.infer<typeof partnerSchema> & { id: RecordId };
