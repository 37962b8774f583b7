import { z } from 'zod';

/** What a slide of present mode (and a section of the board pack) shows. */
export const SLIDE_KINDS = ['title', 'purpose', 'map-view', 'community', 'frame', 'partners', 'governance'] as const;
export type SlideKind = (typeof SLIDE_KINDS)[number];

/**
 * One slide. `key` is stable while the board changes (`title`, `purpose:<id>`, `map-view:<id>`, `community`,
 * `frame:<id>`, `partners`, `governance`): presenter notes are stored under it. `ref` is the id of the record a slide shows.
 * Slides are computed from the board, never stored.
 */
export interface Slide {
  key: string;
  kind: SlideKind;
  title: string;
  ref?: string;
}

/** The key of the slide of a given kind, for the record `ref` when the kind shows one. */
export function slideKeyOf(kind: SlideKind, ref?: string): string {
  return ref === undefined ? kind : `${kind}:${ref}`;
}

/** Key in `meta` of the Y.Map (slide key -> text) that holds presenter notes. Created by migration 5. */
export const SLIDE_NOTES_KEY = 'slideNotes';

/** Longest presenter note, in characters. */
export const SLIDE_NOTES_MAX = 5000;

/** Presenter notes of one slide: plain text, up to {@link SLIDE_NOTES_MAX} characters. */
export const slideNotesSchema = z.string().max(SLIDE_NOTES_MAX);

/** A slide key as notes are stored under: a slide kind, optionally `:` and a record id. */
export const slideKeySchema = z
  .string()
  .max(200)
  .refine((key) => (SLIDE_KINDS as readonly string[]).includes(key.split(':')[0] ?? ''), 'not a slide key');
