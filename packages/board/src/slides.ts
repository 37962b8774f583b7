import * as Y from 'yjs';
import { getBoardMeta } from './board.js';
import { listCanvasItems } from './canvas.js';
import { publishedContributions } from './community.js';
import { listMapViews } from './map-views.js';
import { listPurposes } from './purposes.js';
import { SLIDE_NOTES_KEY, slideKeyOf, slideKeySchema, slideNotesSchema, type Slide } from './records/slide.js';
import { getRoots } from './roots.js';

/** Title of the partners slide. */
export const PARTNERS_SLIDE_TITLE = 'Partners and accountability';
/** Title of the community knowledge slide. */
export const COMMUNITY_SLIDE_TITLE = 'What the community told us';
/** Title of the governance slide. */
export const GOVERNANCE_SLIDE_TITLE = 'Governance';

/**
 * The slides of present mode, in order: the title; each purpose (in purpose order); each saved map view (oldest
 * first); the community knowledge a moderator published, when there is some; each frame of the outcome canvas
 * (bottom to top, as the canvas stacks them); partners and accountability; the governance summary. Broken records
 * are left out. The board pack has the same sections in the same order.
 */
export function buildSlides(doc: Y.Doc): Slide[] {
  const slides: Slide[] = [{ key: slideKeyOf('title'), kind: 'title', title: getBoardMeta(doc).title }];
  for (const result of listPurposes(doc)) {
    if (!result.ok) continue;
    const purpose = result.value;
    slides.push({ key: slideKeyOf('purpose', purpose.id), kind: 'purpose', title: purpose.title.trim() || 'Untitled purpose', ref: purpose.id });
  }
  for (const result of listMapViews(doc)) {
    if (!result.ok) continue;
    const view = result.value;
    slides.push({ key: slideKeyOf('map-view', view.id), kind: 'map-view', title: view.name, ref: view.id });
  }
  if (publishedContributions(doc).length > 0) slides.push({ key: slideKeyOf('community'), kind: 'community', title: COMMUNITY_SLIDE_TITLE });
  for (const result of listCanvasItems(doc)) {
    if (!result.ok || result.value.kind !== 'frame') continue;
    const frame = result.value;
    slides.push({ key: slideKeyOf('frame', frame.id), kind: 'frame', title: frame.text.trim() || 'Untitled frame', ref: frame.id });
  }
  slides.push({ key: slideKeyOf('partners'), kind: 'partners', title: PARTNERS_SLIDE_TITLE });
  slides.push({ key: slideKeyOf('governance'), kind: 'governance', title: GOVERNANCE_SLIDE_TITLE });
  return slides;
}

/** The notes map in `meta`, made here only for a doc that migration 5 has not reached (see map-views.ts). */
function notesMap(doc: Y.Doc, create: boolean): Y.Map<unknown> | undefined {
  const { meta } = getRoots(doc);
  const existing = meta.get(SLIDE_NOTES_KEY);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  if (!create) return undefined;
  const made = new Y.Map<unknown>();
  meta.set(SLIDE_NOTES_KEY, made);
  return made;
}

/**
 * Sets the presenter notes of a slide; blank notes remove them. Each slide is one key, so two people writing notes
 * for different slides never overwrite each other. Throws a zod error for notes over 5000 characters or a key that
 * is not a slide key, writing nothing.
 */
export function setSlideNotes(doc: Y.Doc, slideKey: string, notes: string): void {
  const key = slideKeySchema.parse(slideKey);
  const text = slideNotesSchema.parse(notes);
  doc.transact(() => {
    if (text.trim() === '') {
      const map = notesMap(doc, false);
      if (map?.has(key)) map.delete(key);
      return;
    }
    const map = notesMap(doc, true) as Y.Map<unknown>;
    if (map.get(key) !== text) map.set(key, text);
  });
}

/** The presenter notes of a slide, or '' when it has none (or what is stored there is not valid notes). */
export function getSlideNotes(doc: Y.Doc, slideKey: string): string {
  const value = notesMap(doc, false)?.get(slideKey);
  const parsed = slideNotesSchema.safeParse(value);
  return parsed.success ? parsed.data : '';
}
