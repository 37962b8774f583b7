import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

export const CONTRIBUTION_STATUSES = ['pending', 'published', 'hidden'] as const;
/** Where a contribution went on moderation: pending, published on the community page, or hidden. */
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** What a moderator turned a contribution into: a point feature on an asset layer, or a sticky on the outcome canvas. */
export const CONTRIBUTION_CONVERSION_KINDS = ['feature', 'sticky'] as const;
/** What a contribution was converted to, with the id of the new feature or canvas item. */
export const contributionConversionSchema = z.object({
  kind: z.enum(CONTRIBUTION_CONVERSION_KINDS),
  id: z.string().min(1),
});
export type ContributionConversion = z.infer<typeof contributionConversionSchema>;

/** Local knowledge added by a community group. Carries no personal data by design. */
export const communityContributionSchema = recordBaseSchema.extend({
  point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).optional(),
  category: z.string().max(100),
  text: z.string().min(1).max(2000),
  status: z.enum(CONTRIBUTION_STATUSES).default('pending'),
  /**
   * Set once a moderator has added the contribution to the plan (see `contributionToFeature`, `contributionToSticky`).
   * Optional: older contributions have none, so no migration is needed.
   */
  convertedTo: contributionConversionSchema.optional(),
});
export type CommunityContribution = z.infer<typeof communityContributionSchema> & { id: RecordId };
