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

/** Fields of an outcome card beyond its title (`text`). */
export type OutcomeFields = Pick<
  CanvasItem,
  'description' | 'indicator' | 'baseline' | 'target' | 'byWhen' | 'dataSource' | 'ownerPartnerId' | 'featureIds' | 'layerIds'
>;

/** What it takes to add a canvas item; size and colour default by kind, outcome fields default to empty. */
export interface NewCanvasItem extends Partial<OutcomeFields> {
  kind: CanvasItemKind;
  x: number;
  y: number;
  text?: string;
  w?: number;
  h?: number;
  colour?: string;
  /** Connector: the item it starts at. */
  from?: string;
  /** Connector: the item it ends at. */
  to?: string;
  /** Connector: its label. */
  label?: string;
}

/** The fields of a canvas item that an edit may change. */
export type CanvasItemPatch = Partial<
  Pick<CanvasItem, 'x' | 'y' | 'w' | 'h' | 'text' | 'colour' | 'label' | 'from' | 'to'> & OutcomeFields
>;

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
      featureIds: item.featureIds ?? [],
      layerIds: item.layerIds,
      description: item.description,
      indicator: item.indicator,
      baseline: item.baseline,
      target: item.target,
      byWhen: item.byWhen,
      dataSource: item.dataSource,
      ownerPartnerId: item.ownerPartnerId,
      from: item.from,
      to: item.to,
      label: item.label,
    });
    record.map.set('votes', new Y.Map<number>());
    record.map.set('agreement', new Y.Map<string>());
    // Created with the card, never lazily: see migration 4.
    if (item.kind === 'outcome') record.map.set('accountability', new Y.Map<string>());
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

/** Deletes an item. Connectors attached to it stay, hidden until an end exists again (see {@link connectorEnds}). */
export function deleteCanvasItem(doc: Y.Doc, id: string): void {
  getRoots(doc).canvas.delete(id);
}

/** Deletes several items in one transaction (one undo step). */
export function deleteCanvasItems(doc: Y.Doc, ids: readonly string[]): void {
  const { canvas } = getRoots(doc);
  doc.transact(() => {
    for (const id of ids) if (canvas.has(id)) canvas.delete(id);
  });
}

/** Adds a connector from one item to another, with an optional label, and returns its id. */
export function addConnector(doc: Y.Doc, from: string, to: string, author: Author, label?: string): RecordId {
  return addCanvasItem(doc, { kind: 'connector', x: 0, y: 0, from, to, label: label || undefined }, author);
}

/** The two items a connector joins, or undefined when it is not a connector or either end is gone (draw nothing). */
export function connectorEnds(
  connector: CanvasItem,
  byId: ReadonlyMap<string, CanvasItem>,
): { from: CanvasItem; to: CanvasItem } | undefined {
  if (connector.kind !== 'connector' || !connector.from || !connector.to) return undefined;
  const from = byId.get(connector.from);
  const to = byId.get(connector.to);
  return from && to && from.kind !== 'connector' && to.kind !== 'connector' ? { from, to } : undefined;
}

/** True when the centre of `item` lies inside `frame` (edges included). */
export function isInsideFrame(item: CanvasItem, frame: CanvasItem): boolean {
  const cx = item.x + item.w / 2;
  const cy = item.y + item.h / 2;
  return cx >= frame.x && cx <= frame.x + frame.w && cy >= frame.y && cy <= frame.y + frame.h;
}

/**
 * The members of a frame: every item other than the frame and connectors whose centre lies inside it.
 * Computed, never stored, so there is nothing to keep in step when items or frames move concurrently.
 */
export function frameMembers(items: readonly CanvasItem[], frame: CanvasItem): CanvasItem[] {
  if (frame.kind !== 'frame') return [];
  return items.filter((item) => item.id !== frame.id && item.kind !== 'connector' && isInsideFrame(item, frame));
}

/**
 * `ids` plus the members of any frame among them (transitively), without connectors: what moves when
 * the user drags that selection. Compute it once when a drag starts, so items crossed on the way are not picked up.
 */
export function withFrameMembers(items: readonly CanvasItem[], ids: readonly string[]): string[] {
  const byId = new Map(items.map((item) => [item.id as string, item]));
  const result = new Set<string>();
  const queue = [...ids];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const item = byId.get(id);
    if (!item || item.kind === 'connector' || result.has(id)) continue;
    result.add(id);
    if (item.kind === 'frame') for (const member of frameMembers(items, item)) queue.push(member.id);
  }
  return [...result];
}

/** A new position (and optionally size) for one item. */
export interface CanvasPlacement {
  id: string;
  x: number;
  y: number;
  w?: number;
  h?: number;
}

/** Moves and resizes several items in one transaction; items deleted meanwhile are skipped. */
export function placeCanvasItems(doc: Y.Doc, placements: readonly CanvasPlacement[], author: Author): void {
  const { canvas } = getRoots(doc);
  doc.transact(() => {
    for (const { id, ...patch } of placements) {
      const record = recordIn(canvas, id);
      if (record) patchRecordMap(record, patch, author);
    }
  });
}

/**
 * Moves items by (dx, dy) in one transaction. A frame carries its members (items whose centre is inside it
 * before the move).
 */
export function moveCanvasItems(doc: Y.Doc, ids: readonly string[], dx: number, dy: number, author: Author): void {
  const items = validItems(doc);
  const byId = new Map(items.map((item) => [item.id as string, item]));
  const placements = withFrameMembers(items, ids).flatMap((id) => {
    const item = byId.get(id);
    return item ? [{ id, x: item.x + dx, y: item.y + dy }] : [];
  });
  placeCanvasItems(doc, placements, author);
}

/** Ways to line items up: by their left, centre or right edges, or their top, middle or bottom. */
export const CANVAS_ALIGNMENTS = ['left', 'centre', 'right', 'top', 'middle', 'bottom'] as const;
export type CanvasAlignment = (typeof CANVAS_ALIGNMENTS)[number];

/** Where each item goes to line up `items` as `how` says, relative to their bounding box. Connectors stay put. */
export function alignPlacements(items: readonly CanvasItem[], how: CanvasAlignment): CanvasPlacement[] {
  const boxes = items.filter((item) => item.kind !== 'connector');
  if (boxes.length < 2) return [];
  const left = Math.min(...boxes.map((i) => i.x));
  const right = Math.max(...boxes.map((i) => i.x + i.w));
  const top = Math.min(...boxes.map((i) => i.y));
  const bottom = Math.max(...boxes.map((i) => i.y + i.h));
  return boxes.map((i) => {
    switch (how) {
      case 'left':
        return { id: i.id, x: left, y: i.y };
      case 'centre':
        return { id: i.id, x: Math.round((left + right) / 2 - i.w / 2), y: i.y };
      case 'right':
        return { id: i.id, x: right - i.w, y: i.y };
      case 'top':
        return { id: i.id, x: i.x, y: top };
      case 'middle':
        return { id: i.id, x: i.x, y: Math.round((top + bottom) / 2 - i.h / 2) };
      case 'bottom':
        return { id: i.id, x: i.x, y: bottom - i.h };
    }
  });
}

/** Lines up the given items in one transaction (see {@link alignPlacements}). */
export function alignCanvasItems(doc: Y.Doc, ids: readonly string[], how: CanvasAlignment, author: Author): void {
  const wanted = new Set(ids);
  placeCanvasItems(doc, alignPlacements(validItems(doc).filter((item) => wanted.has(item.id)), how), author);
}

/**
 * The map features the given canvas items link to, each once: their own `featureIds`, plus every feature
 * of the layers in their `layerIds`. The map pane highlights these for the selected cards.
 */
export function linkedFeatureIds(doc: Y.Doc, itemIds: readonly string[]): string[] {
  const { canvas, features } = getRoots(doc);
  const result = new Set<string>();
  const layers = new Set<string>();
  for (const id of itemIds) {
    const record = recordIn(canvas, id);
    if (!record) continue;
    const featureIds = record.get('featureIds');
    if (Array.isArray(featureIds)) for (const f of featureIds) if (typeof f === 'string' && features.has(f)) result.add(f);
    const layerIds = record.get('layerIds');
    if (Array.isArray(layerIds)) for (const l of layerIds) if (typeof l === 'string') layers.add(l);
  }
  if (layers.size > 0) {
    for (const [id, feature] of features.entries()) {
      if (feature instanceof Y.Map && layers.has(String(feature.get('layerId')))) result.add(id);
    }
  }
  return [...result];
}

/** The canvas items (outcome cards and others) that link to a feature, directly or through its layer. */
export function canvasItemsLinkedToFeature(doc: Y.Doc, featureId: string): CanvasItem[] {
  const layerId = recordIn(getRoots(doc).features, featureId)?.get('layerId');
  return validItems(doc).filter(
    (item) => item.featureIds.includes(featureId) || (typeof layerId === 'string' && item.layerIds.includes(layerId)),
  );
}

function validItems(doc: Y.Doc): CanvasItem[] {
  return listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value] : []));
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
