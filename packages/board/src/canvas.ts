import * as Y from 'yjs';
import type { RecordId } from './ids.js';
import {
  CANVAS_ITEM_DEFAULTS,
  canvasItemSchema,
  type CanvasItem,
  type CanvasItemKind,
} from './records/canvas-item.js';
import {
  createRecordMap,
  patchRecordMap,
  readRecord,
  recordIn,
  recordsIn,
  type Author,
  type ReadResult,
} from './records/record.js';
import { getRoots } from './roots.js';
import { byIndex, indexAfterAll, validThenBroken } from './sorted.js';

/** What it takes to add a canvas item; size and colour default by kind. */
export interface NewCanvasItem {
  kind: CanvasItemKind;
  x: number;
  y: number;
  text?: string;
  w?: number;
  h?: number;
  colour?: string;
}

/** The fields of a canvas item that an edit may change. */
export type CanvasItemPatch = Partial<Pick<CanvasItem, 'x' | 'y' | 'w' | 'h' | 'text' | 'colour' | 'featureIds'>>;

/** Adds an item on top of the canvas and returns its id. */
export function addCanvasItem(doc: Y.Doc, item: NewCanvasItem, author: Author): RecordId {
  const { canvas } = getRoots(doc);
  const defaults = CANVAS_ITEM_DEFAULTS[item.kind];
  let id!: RecordId;
  doc.transact(() => {
    const record = createRecordMap(author, {
      kind: item.kind,
      x: item.x,
      y: item.y,
      w: item.w ?? defaults.w,
      h: item.h ?? defaults.h,
      z: indexAfterAll(zIndexes(canvas)),
      text: item.text ?? '',
      colour: item.colour ?? defaults.colour,
      featureIds: [],
    });
    record.map.set('votes', new Y.Map<number>());
    record.map.set('agreement', new Y.Map<string>());
    canvas.set(record.id, record.map);
    id = record.id;
  });
  return id;
}

/** Every canvas item, bottom to top; broken records come last, reported rather than dropped. */
export function listCanvasItems(doc: Y.Doc): ReadResult<CanvasItem>[] {
  const results = [...getRoots(doc).canvas.entries()].map(
    ([id, record]) => readRecord(canvasItemSchema, id, record) as ReadResult<CanvasItem>,
  );
  return validThenBroken(results, byIndex<CanvasItem>((item) => item.z));
}

/** Reads one canvas item. */
export function getCanvasItem(doc: Y.Doc, id: string): ReadResult<CanvasItem> | undefined {
  const record = getRoots(doc).canvas.get(id);
  return record !== undefined ? (readRecord(canvasItemSchema, id, record) as ReadResult<CanvasItem>) : undefined;
}

/** Moves, resizes, recolours or rewrites an item. Does nothing if the item was deleted meanwhile. */
export function updateCanvasItem(doc: Y.Doc, id: string, patch: CanvasItemPatch, author: Author): void {
  const record = recordIn(getRoots(doc).canvas, id);
  if (!record) return;
  doc.transact(() => patchRecordMap(record, patch, author));
}

/** Puts an item above every other. */
export function bringCanvasItemToFront(doc: Y.Doc, id: string, author: Author): void {
  const { canvas } = getRoots(doc);
  const record = recordIn(canvas, id);
  if (!record) return;
  doc.transact(() => patchRecordMap(record, { z: indexAfterAll(zIndexes(canvas)) }, author));
}

/** Deletes an item. */
export function deleteCanvasItem(doc: Y.Doc, id: string): void {
  getRoots(doc).canvas.delete(id);
}

/**
 * Sets how many votes `voter` gives an item. Fractions round down; a count below 1 removes the vote.
 * Throws a RangeError for NaN or an infinite count, which would make the item unreadable for everyone.
 */
export function setCanvasVote(doc: Y.Doc, id: string, voter: string, count: number): void {
  if (Number.isNaN(count) || count === Number.POSITIVE_INFINITY) {
    throw new RangeError(`vote count must be a finite number, got ${count}`);
  }
  const votes = recordIn(getRoots(doc).canvas, id)?.get('votes');
  if (!(votes instanceof Y.Map)) return;
  const whole = Math.floor(count);
  if (whole < 1) votes.delete(voter);
  else votes.set(voter, whole);
}

function zIndexes(canvas: Y.Map<Y.Map<unknown>>): string[] {
  return recordsIn(canvas).map((record) => String(record.get('z') ?? ''));
}
