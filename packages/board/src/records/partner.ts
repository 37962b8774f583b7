import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

export const PARTNER_SECTORS = ['NHS', 'local authority', 'social care', 'VCSE', 'community', 'other'] as const;
export const PARTNER_COMMITMENTS = ['committed', 'engaged', 'performative', 'unknown'] as const;

/** An organisation in the partnership, with an honest view of its commitment. */
export const partnerSchema = recordBaseSchema.extend({
  organisation: z.string().min(1).max(200),
  sector: z.enum(PARTNER_SECTORS),
  lead: z.string().max(200).default(''),
  commitment: z.enum(PARTNER_COMMITMENTS).default('unknown'),
  role: z.string().max(2000).default(''),
  accountability: z.string().max(2000).default(''),
});
export type Partner = z.infer<typeof partnerSchema> & { id: RecordId };
