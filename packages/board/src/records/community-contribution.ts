import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

export const CONTRIBUTION_STATUSES = ['pending', 'published', 'hidden'] as const;

/** Local knowledge added by a community group. Carries no personal data by design. */
export const communityContributionSchema = recordBaseSchema.extend({
  point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).optional(),
  category: z.string().max(100),
  text: z.string().min(1).max(2000),
  status: z.enum(CONTRIBUTION_STATUSES).default('pending'),
});
export type CommunityContribution = z.infer<typeof communityContributionSchema> & { id: RecordId };
