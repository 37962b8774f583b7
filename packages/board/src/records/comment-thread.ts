import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** What a comment thread can be anchored to. */
export const COMMENT_ANCHOR_KINDS = ['feature', 'canvas', 'text'] as const;
export type CommentAnchorKind = (typeof COMMENT_ANCHOR_KINDS)[number];

const yIdSchema = z.object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() });

/**
 * A Yjs relative position as `Y.relativePositionToJSON` writes it: an item id (or a type and a root name
 * for a position at the end of a type) and an association. Stored as plain JSON so any client can read it.
 */
export const relativePositionJSONSchema = z
  .object({
    type: yIdSchema.nullish(),
    tname: z.string().nullish(),
    item: yIdSchema.nullish(),
    assoc: z.number().int().optional(),
  })
  .refine((value) => value.item != null || value.type != null || value.tname != null, 'a relative position needs an item, a type or a root name');
export type RelativePositionJSON = z.infer<typeof relativePositionJSONSchema>;

/** One message in a thread: the author's display name, the text and when it was written (ms since the epoch). */
export const commentMessageSchema = z.object({ author: z.string(), text: z.string().max(5000), at: z.number() });
export type CommentMessage = z.infer<typeof commentMessageSchema>;

/**
 * Where a thread points. A `text` anchor names the purpose (`id`) and, in `from` and `to`, Yjs relative
 * positions in that purpose's Y.XmlFragment, so the anchor follows the same words through concurrent edits.
 * `from` and `to` are optional so that threads written before text anchors existed still read.
 */
export const commentAnchorSchema = z.object({
  kind: z.enum(COMMENT_ANCHOR_KINDS),
  id: z.string(),
  from: relativePositionJSONSchema.optional(),
  to: relativePositionJSONSchema.optional(),
  /** The commented words when the thread was started: shown when the text has since been removed. */
  quote: z.string().max(500).optional(),
});
export type CommentAnchor = z.infer<typeof commentAnchorSchema>;

/**
 * A comment thread anchored to a feature, a canvas item or a text range. `messages` is stored as a
 * Y.Array of plain messages, so concurrent replies from two people are both kept; older threads that
 * stored a plain array still read the same.
 */
export const commentThreadSchema = recordBaseSchema.extend({
  anchor: commentAnchorSchema,
  messages: z.array(commentMessageSchema).default([]),
  resolved: z.boolean().default(false),
});
export type CommentThread = z.infer<typeof commentThreadSchema> & { id: RecordId };
