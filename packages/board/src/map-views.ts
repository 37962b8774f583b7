import * as Y from 'yjs';
import type { RecordId } from './ids.js';
import { MAP_VIEWS_KEY, mapViewSchema, type MapView } from './records/map-view.js';
import { SLIDE_NOTES_KEY, slideKeyOf } from './records/slide.js';
import { createRecordMap, patchRecordMap, readRecord, recordIn, type Author, type ReadResult } from './records/record.js';
import { getRoots } from './roots.js';
import { validThenBroken } from './sorted.js';

/** What it takes to save a map view: a name and a camera; bearing and pitch default to 0, layers to none. */
export interface NewMapView {
  name: string;
  center: [number, number];
  zoom: number;
  bearing?: number;
  pitch?: number;
  visibleLayerIds?: string[];
}

const editable = mapViewSchema.pick({ name: true, center: true, zoom: true, bearing: true, pitch: true, visibleLayerIds: true });

/**
 * The Y.Map of saved views in `meta`. Migration 5 creates it on every board; a doc that has not been migrated
 * (a test's bare Y.Doc) gets one here when `create` is set. Two clients doing that at once would each make a map
 * and one would win, which is why boards get it from the migration rather than from first use.
 */
function viewsMap(doc: Y.Doc, create: boolean): Y.Map<Y.Map<unknown>> | undefined {
  const { meta } = getRoots(doc);
  const existing = meta.get(MAP_VIEWS_KEY);
  if (existing instanceof Y.Map) return existing as Y.Map<Y.Map<unknown>>;
  if (!create) return undefined;
  const made = new Y.Map<Y.Map<unknown>>();
  meta.set(MAP_VIEWS_KEY, made);
  return made;
}

/**
 * Saves a map view and returns its id. Throws a zod error for a name that is empty (once trimmed) or longer than
 * 100 characters, or a camera out of range; nothing is written then.
 */
export function addMapView(doc: Y.Doc, view: NewMapView, author: Author): RecordId {
  const checked = editable.parse(view);
  let id!: RecordId;
  doc.transact(() => {
    const views = viewsMap(doc, true) as Y.Map<Y.Map<unknown>>;
    const record = createRecordMap(author, checked);
    views.set(record.id, record.map);
    id = record.id;
  });
  return id;
}

/** Every saved view, oldest first (then by id); broken records come last, reported rather than dropped. */
export function listMapViews(doc: Y.Doc): ReadResult<MapView>[] {
  const views = viewsMap(doc, false);
  if (!views) return [];
  const results = [...views.entries()].map(([id, record]) => readRecord(mapViewSchema, id, record) as ReadResult<MapView>);
  return validThenBroken(results, (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Reads one saved view, or undefined when there is none with that id. */
export function getMapView(doc: Y.Doc, id: string): ReadResult<MapView> | undefined {
  const views = viewsMap(doc, false);
  const record = views?.get(id);
  return record !== undefined ? (readRecord(mapViewSchema, id, record) as ReadResult<MapView>) : undefined;
}

/** Renames a saved view; does nothing if it was deleted meanwhile. Throws a zod error for a refused name. */
export function renameMapView(doc: Y.Doc, id: string, name: string, author: Author): void {
  const checked = editable.shape.name.parse(name);
  const views = viewsMap(doc, false);
  const record = views ? recordIn(views, id) : undefined;
  if (!record) return;
  doc.transact(() => patchRecordMap(record, { name: checked }, author));
}

/** Deletes a saved view (its presenter notes go with it). */
export function deleteMapView(doc: Y.Doc, id: string): void {
  const views = viewsMap(doc, false);
  if (!views?.has(id)) return;
  doc.transact(() => {
    views.delete(id);
    const notes = getRoots(doc).meta.get(SLIDE_NOTES_KEY);
    const key = slideKeyOf('map-view', id);
    if (notes instanceof Y.Map && notes.has(key)) notes.delete(key);
  });
}
