import type * as Y from 'yjs';
import { z } from 'zod';

/** The map view a board opens on. */
export const viewportSchema = z.object({
  center: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  zoom: z.number().min(0).max(24),
});
export type Viewport = z.infer<typeof viewportSchema>;

/** The longest board title: the API, the board list and the document all hold to it. */
export const BOARD_TITLE_MAX_LENGTH = 200;

/** Board-wide settings held in the `meta` root. */
export const boardMetaSchema = z.object({
  title: z.string().max(BOARD_TITLE_MAX_LENGTH),
  neighbourhood: z.string().max(200).optional(),
  schemaVersion: z.number().int().nonnegative(),
  template: z.string().optional(),
  viewport: viewportSchema.optional(),
  /** Attribution lines for the data the board ships with, shown wherever the data is. */
  attribution: z.array(z.string()).optional(),
});
export type BoardMeta = z.infer<typeof boardMetaSchema>;

/**
 * Reads `meta`, falling back to defaults for anything missing or malformed. Each setting is checked on its own,
 * so one bad value (say a viewport out of range) does not hide the title or the schema version.
 */
export function readBoardMeta(meta: Y.Map<unknown>): BoardMeta {
  const stored = meta.toJSON() as Record<string, unknown>;
  const checked: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(boardMetaSchema.shape)) {
    if (stored[key] === undefined) continue;
    const parsed = field.safeParse(stored[key]);
    if (parsed.success) checked[key] = parsed.data;
  }
  const value = checked as Partial<BoardMeta>;
  return { ...value, title: value.title ?? 'Untitled board', schemaVersion: value.schemaVersion ?? 0 };
}
