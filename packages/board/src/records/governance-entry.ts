import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

export const GOVERNANCE_KINDS = ['decision', 'data-sharing', 'risk'] as const;

/** An entry in the governance log: a decision, a data-sharing register entry or a risk. */
export const governanceEntrySchema = recordBaseSchema.extend({
  kind: z.enum(GOVERNANCE_KINDS),
  title: z.string().min(1).max(300),
  detail: z.string().max(10_000).default(''),
  status: z.string().max(100).default('open'),
  /** Data sharing: purpose of the processing. */
  purpose: z.string().max(2000).optional(),
  /** Data sharing: UK GDPR lawful basis. */
  lawfulBasis: z.string().max(300).optional(),
  /** Data sharing: information-governance lead. */
  igLead: z.string().max(200).optional(),
});
export type GovernanceEntry = z.infer<typeof governanceEntrySchema> & { id: RecordId };
