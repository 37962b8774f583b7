import type * as Y from 'yjs';
import { z } from 'zod';

/** The map view a board opens on. */
export const viewportSchema = z.object({
  center: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  zoom: z.number().min(0).max(24),
});
export type Viewport = z.infer<typeof viewportSchema>;

/** Board-wide settings held in the `meta` root. */
export const boardMetaSchema = z.object({
  title: z.string().max(200),
  neighbourhood: z.string().max(200).optional(),
  schemaVersion: z.number().int().nonnegative(),
  template: z.string().optional(),
  viewport: viewportSchema.optional(),
  /** Attribution lines for the data the board ships with, shown wherever the data is. */
  attribution: z.array(z.string()).optional(),
});
export type BoardMeta = z.infer<typeof boardMetaSchema>;

/** Reads `meta`, falling back to defaults for anything missing or malformed. */
export function readBoardMeta(meta: Y.Map<unknown>): BoardMeta {
  const parsed = boardMetaSchema.partial().safeParse(meta.toJSON());
  const value = parsed.success ? parsed.data : {};
  return { title: value.title ?? 'Untitled board', schemaVersion: value.schemaVersion ?? 0, ...value };
}
