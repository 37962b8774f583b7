import * as Y from 'yjs';
import type { RecordId } from './ids.js';
import {
  CANVAS_ITEM_DEFAULTS,
  canvasItemSchema,
  type CanvasItem,
  type CanvasItemKind,
} from './records/canvas-item.js';
import { createRecordMap, patchRecordMap, readRecord, type Author, type ReadResult } from './records/record.js';
import { getRoots } from './roots.js';
import { byIndex, indexAfterAll } from './sorted.js';

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
  const valid = results.filter((r): r is { ok: true; value: CanvasItem } => r.ok);
  valid.sort((a, b) => byIndex<CanvasItem>((item) => item.z)(a.value, b.value));
  return [...valid, ...results.filter((r) => !r.ok)];
}

/** Reads one canvas item. */
export function getCanvasItem(doc: Y.Doc, id: string): ReadResult<CanvasItem> | undefined {
  const record = getRoots(doc).canvas.get(id);
  return record ? (readRecord(canvasItemSchema, id, record) as ReadResult<CanvasItem>) : undefined;
}

/** Moves, resizes, recolours or rewrites an item. Does nothing if the item was deleted meanwhile. */
export function updateCanvasItem(doc: Y.Doc, id: string, patch: CanvasItemPatch, author: Author): void {
  const record = getRoots(doc).canvas.get(id);
  if (!record) return;
  doc.transact(() => patchRecordMap(record, patch, author));
}

/** Puts an item above every other. */
export function bringCanvasItemToFront(doc: Y.Doc, id: string, author: Author): void {
  const { canvas } = getRoots(doc);
  const record = canvas.get(id);
  if (!record) return;
  doc.transact(() => patchRecordMap(record, { z: indexAfterAll(zIndexes(canvas)) }, author));
}

/** Deletes an item. */
export function deleteCanvasItem(doc: Y.Doc, id: string): void {
  getRoots(doc).canvas.delete(id);
}

/** Sets how many votes `voter` gives an item (0 removes the vote). */
export function setCanvasVote(doc: Y.Doc, id: string, voter: string, count: number): void {
  const votes = getRoots(doc).canvas.get(id)?.get('votes');
  if (!(votes instanceof Y.Map)) return;
  if (count <= 0) votes.delete(voter);
  else votes.set(voter, Math.floor(count));
}

function zIndexes(canvas: Y.Map<Y.Map<unknown>>): string[] {
  return [...canvas.values()].map((record) => String(record.get('z') ?? ''));
}
