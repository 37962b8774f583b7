import * as Y from 'yjs';
import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** Key of the Y.XmlFragment that holds a purpose's rich text (Tiptap's `fragment`). */
export const PURPOSE_CONTENT_KEY = 'content';

/** A purpose statement: why the partnership exists and for whom. Its rich text lives in a Y.XmlFragment. */
export const purposeSchema = recordBaseSchema.extend({
  title: z.string().max(200),
  cohort: z.string().max(2000).default(''),
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
