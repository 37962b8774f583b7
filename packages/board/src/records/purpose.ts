import * as Y from 'yjs';
import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** Key of the Y.XmlFragment that holds a purpose's rich text (Tiptap's `fragment`). */
export const PURPOSE_CONTENT_KEY = 'content';

/**
 * Roughly how many people a cohort holds: a number, or words such as "about 1,200". Numbers are stored as
 * numbers so they can be summed; anything else is kept as the person wrote it.
 */
export const cohortSizeSchema = z.union([z.number().nonnegative().finite(), z.string().max(100)]);
export type CohortSize = z.infer<typeof cohortSizeSchema>;

/**
 * A purpose statement: why the partnership exists and for whom. Its rich text lives in a Y.XmlFragment.
 * The target cohort is structured (`cohortWho`, `cohortWhere`, `cohortSize`); the older free-text `cohort`
 * is still read and shown, so boards written before the structured fields need no migration.
 */
export const purposeSchema = recordBaseSchema.extend({
  title: z.string().max(200),
  cohort: z.string().max(2000).default(''),
  /** Who the cohort is, e.g. "people over 65 with two or more long-term conditions". */
  cohortWho: z.string().max(500).optional(),
  /** Where they live, e.g. "Northfield and Longbridge PCN area". */
  cohortWhere: z.string().max(500).optional(),
  /** Roughly how many: a number or words such as "about 1,200". */
  cohortSize: cohortSizeSchema.optional(),
  order: z.string().default('a0'),
});
export type Purpose = z.infer<typeof purposeSchema> & { id: RecordId };

/** The rich-text fragment of a purpose, created on first use. */
export function purposeContent(record: Y.Map<unknown>): Y.XmlFragment {
  const existing = record.get(PURPOSE_CONTENT_KEY);
  if (existing instanceof Y.XmlFragment) return existing;
  const fragment = new Y.XmlFragment();
  record.set(PURPOSE_CONTENT_KEY, fragment);
  return fragment;
}
