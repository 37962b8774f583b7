import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** A comment thread anchored to a feature, a canvas item or a text range. */
export const commentThreadSchema = recordBaseSchema.extend({
  anchor: z.object({
    kind: z.enum(['feature', 'canvas', 'text']),
    id: z.string(),
  }),
  messages: z.array(z.object({ author: z.string(), text: z.string().max(5000), at: z.number() })).default([]),
  resolved: z.boolean().default(false),
});
export type CommentThread = z.infer<typeof commentThreadSchema> & { id: RecordId };
