import { diffWords } from 'diff';
import * as Y from 'yjs';
import { migrateBoard } from './migrations.js';
import { ROOT_NAMES, type RootName } from './roots.js';

/**
 * Named versions of a board: a readable summary of what changed between two states ({@link diffBoards}), and
 * putting a board back the way a version had it as a new change ({@link restoreBoard}). A version is stored as a
 * full Yjs state update; {@link boardFromState} opens one.
 */

/** How a record differs between two states of a board. */
export type DiffChange = 'added' | 'removed' | 'changed' | 'same';

/** One run of a word diff: text both have, or text only the later (`added`) or earlier (`removed`) one has. */
export interface TextDiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** A word-level diff of two texts, in reading order. Joining every part that is not `removed` gives the later text. */
export type TextDiff = TextDiffPart[];

/** One field that differs. A field one side does not have is `null` there. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** A map feature as the summary names it: its id and a label (its `name` or `title` property, else its id). */
export interface FeatureRef {
  id: string;
  label: string;
}

/** What happened to the features of one layer. */
export interface FeatureChanges {
  added: FeatureRef[];
  removed: FeatureRef[];
  /** Point features whose position changed. */
  moved: FeatureRef[];
  /** Features whose properties changed, or whose line or area geometry was redrawn. */
  edited: FeatureRef[];
}

/**
 * One layer whose record or features differ. `change` is about the layer record itself (name, style, visibility,
 * source...; its stacking order is left out): a layer that is `same` is listed because its features changed. A
 * feature moved to another layer is removed from one and added to the other.
 */
export interface LayerDiff {
  layerId: string;
  name: string;
  change: DiffChange;
  fields: FieldChange[];
  features: FeatureChanges;
}

/** A purpose statement that was added, removed or changed: its fields (title, cohort) and its text. */
export interface PurposeDiff {
  id: string;
  title: string;
  change: Exclude<DiffChange, 'same'>;
  fields: FieldChange[];
  /** The purpose's rich text as plain text (one line per paragraph), diffed word by word. */
  text: TextDiff;
}

/**
 * A canvas item (outcome card, indicator, sticky, text label or frame; connectors are left out) whose content was
 * added, removed or changed. Position, size and stacking are left out: an item that only moved is listed in
 * {@link BoardDiff.layout} instead.
 */
export interface CanvasItemDiff {
  id: string;
  kind: string;
  /** An outcome's title, a sticky's or label's first line, a frame's name. */
  title: string;
  change: Exclude<DiffChange, 'same'>;
  /** Changed fields other than `text` and `description`, which have their own diffs. */
  fields: FieldChange[];
  /** Diff of `text` (an outcome's title, a sticky's text) when it differs. */
  text?: TextDiff;
  /** Diff of an outcome's `description` when it differs. */
  description?: TextDiff;
}

/** A canvas item named in a summary. */
export interface CanvasItemRef {
  id: string;
  kind: string;
  title: string;
}

/** A partner organisation that was added, removed or changed. */
export interface PartnerDiff {
  id: string;
  organisation: string;
  change: Exclude<DiffChange, 'same'>;
  fields: FieldChange[];
}

/** A governance entry (decision, data sharing, risk) that was added, removed or changed. */
export interface GovernanceDiff {
  id: string;
  kind: string;
  title: string;
  change: Exclude<DiffChange, 'same'>;
  fields: FieldChange[];
}

/** How many records of a section were added, removed and changed. */
export interface SectionCounts {
  added: number;
  removed: number;
  changed: number;
}

/**
 * What differs between two states of a board, section by section, as plain JSON for people to read. Timestamps
 * (`updatedAt`...) and stacking orders never count as changes.
 */
export interface BoardDiff {
  /** Board settings that differ (title, neighbourhood, viewport...; not the schema version). */
  meta: FieldChange[];
  map: { layers: LayerDiff[] };
  purposes: PurposeDiff[];
  outcomes: CanvasItemDiff[];
  /** Canvas items whose content is the same but which were moved, resized or restacked. */
  layout: CanvasItemRef[];
  partners: PartnerDiff[];
  governance: GovernanceDiff[];
  counts: {
    meta: number;
    layers: SectionCounts;
    features: { added: number; removed: number; moved: number; edited: number };
    purposes: SectionCounts;
    outcomes: SectionCounts & { moved: number };
    partners: SectionCounts;
    governance: SectionCounts;
    comments: SectionCounts;
    community: SectionCounts;
  };
  /** True when every root holds the same content in both (schema version aside). */
  identical: boolean;
}

/** Fields every record has that say nothing about its content. */
const STAMPS = ['id', 'createdBy', 'createdAt', 'updatedAt'];
/** Canvas fields that are layout, not content. */
const LAYOUT_FIELDS = ['x', 'y', 'w', 'h', 'z'];
/** Kinds of canvas item the summary lists. */
const LISTED_CANVAS_KINDS = new Set(['outcome', 'indicator', 'sticky', 'text', 'frame']);
/** The meta key restore and diff leave alone: a board's schema version is what its code made it. */
const SCHEMA_VERSION_KEY = 'schemaVersion';

type Json = Record<string, unknown>;

/** Every root of a board as a plain Y.Map (what is stored there is checked here, not assumed). */
function rootsOf(doc: Y.Doc): Record<RootName, Y.Map<unknown>> {
  return Object.fromEntries(ROOT_NAMES.map((name) => [name, doc.getMap<unknown>(name)])) as Record<RootName, Y.Map<unknown>>;
}

/**
 * A Y.Doc holding the board stored as `state` (a full Yjs state update), brought up to the current schema so it
 * reads and compares like a live board. Throws `BoardTooNewError` for a board a newer Placeboard wrote.
 */
export function boardFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  migrateBoard(doc);
  return doc;
}

/** A summary of what changed from `before` to `after`. Neither document is changed. */
export function diffBoards(before: Y.Doc, after: Y.Doc): BoardDiff {
  const a = rootsOf(before);
  const b = rootsOf(after);

  const meta = fieldChanges(plainOf(a.meta), plainOf(b.meta), [SCHEMA_VERSION_KEY]);
  const layers = diffLayers(recordsOf(a.layers), recordsOf(b.layers), recordsOf(a.features), recordsOf(b.features));
  const purposes = diffPurposes(a.purposes, b.purposes);
  const { items: outcomes, layout } = diffCanvas(recordsOf(a.canvas), recordsOf(b.canvas));
  const partners = diffRecords(recordsOf(a.partners), recordsOf(b.partners), []).map(
    ({ id, change, fields, record }): PartnerDiff => ({ id, organisation: stringField(record, 'organisation') || id, change, fields }),
  );
  const governance = diffRecords(recordsOf(a.governance), recordsOf(b.governance), []).map(
    ({ id, change, fields, record }): GovernanceDiff => ({
      id,
      kind: stringField(record, 'kind'),
      title: stringField(record, 'title') || id,
      change,
      fields,
    }),
  );
  partners.sort((x, y) => byText(x.organisation, y.organisation) || byText(x.id, y.id));
  governance.sort((x, y) => byText(x.kind, y.kind) || byText(x.title, y.title) || byText(x.id, y.id));

  const features = { added: 0, removed: 0, moved: 0, edited: 0 };
  for (const layer of layers) {
    features.added += layer.features.added.length;
    features.removed += layer.features.removed.length;
    features.moved += layer.features.moved.length;
    features.edited += layer.features.edited.length;
  }
  const identical = ROOT_NAMES.every((name) => {
    const skip = name === 'meta' ? [SCHEMA_VERSION_KEY] : [];
    return stableJSON(omit(plainOf(a[name]), skip)) === stableJSON(omit(plainOf(b[name]), skip));
  });

  return {
    meta,
    map: { layers },
    purposes,
    outcomes,
    layout,
    partners,
    governance,
    counts: {
      meta: meta.length,
      layers: countChanges(layers.filter((l) => l.change !== 'same')),
      features,
      purposes: countChanges(purposes),
      outcomes: { ...countChanges(outcomes), moved: layout.length },
      partners: countChanges(partners),
      governance: countChanges(governance),
      comments: countChanges(diffRecords(recordsOf(a.comments), recordsOf(b.comments), [])),
      community: countChanges(diffRecords(recordsOf(a.community), recordsOf(b.community), [])),
    },
    identical,
  };
}

/**
 * Makes every root of `doc` hold what it holds in `version`, in one transaction with `origin`: entries `version`
 * lacks are deleted, entries it has that `doc` lacks are copied in, and entries that differ are brought in line
 * field by field (nested maps such as a feature's properties or a card's votes key by key; text and other shared
 * types are replaced with a copy). Nothing that is already equal is touched, so comment anchors in unchanged text
 * and edits in flight on unchanged records survive. `meta.schemaVersion` stays as `doc` has it.
 *
 * History is never rewritten: this is a new change on top of `doc`, which syncs to every replica like any other.
 * Returns the records it changed, as `{ root, record }` (for `meta`, the key).
 */
export function restoreBoard(doc: Y.Doc, version: Y.Doc, origin?: unknown): { root: RootName; record: string }[] {
  const target = rootsOf(doc);
  const source = rootsOf(version);
  const touched: { root: RootName; record: string }[] = [];
  doc.transact(() => {
    for (const name of ROOT_NAMES) {
      const skip = name === 'meta' ? new Set([SCHEMA_VERSION_KEY]) : new Set<string>();
      for (const key of syncMap(target[name], source[name], skip)) {
        touched.push({ root: name, record: key });
      }
    }
  }, origin);
  return touched;
}

/** Brings `target` in line with `source`, key by key; returns the keys it changed. */
function syncMap(target: Y.Map<unknown>, source: Y.Map<unknown>, skip: ReadonlySet<string> = new Set()): string[] {
  const changed: string[] = [];
  for (const key of [...target.keys()]) {
    if (!skip.has(key) && !source.has(key)) {
      target.delete(key);
      changed.push(key);
    }
  }
  for (const [key, value] of source.entries()) {
    if (skip.has(key)) continue;
    const current = target.get(key);
    if (target.has(key) && sameValue(current, value)) continue;
    if (current instanceof Y.Map && value instanceof Y.Map && sameKind(current, value)) syncMap(current, value);
    else target.set(key, copyOf(value));
    changed.push(key);
  }
  return changed;
}

/** A value from another document, ready to be inserted here: shared types are deep-copied, plain values kept. */
function copyOf(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.clone() : value;
}

function sameKind(a: unknown, b: unknown): boolean {
  return kindOf(a) === kindOf(b);
}

function kindOf(value: unknown): string {
  if (value instanceof Y.XmlElement) return 'xml-element';
  if (value instanceof Y.XmlFragment) return 'xml-fragment';
  if (value instanceof Y.XmlText) return 'xml-text';
  if (value instanceof Y.Text) return 'text';
  if (value instanceof Y.Map) return 'map';
  if (value instanceof Y.Array) return 'array';
  if (value instanceof Y.AbstractType) return 'shared';
  return 'plain';
}

/** Equal content, and the same kinds of shared type all the way down. */
function sameValue(a: unknown, b: unknown): boolean {
  if (!sameKind(a, b)) return false;
  if (a instanceof Y.Map && b instanceof Y.Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of b.entries()) {
      if (!a.has(key) || !sameValue(a.get(key), value)) return false;
    }
    return true;
  }
  return stableJSON(plainOf(a)) === stableJSON(plainOf(b));
}

/** JSON of a value, shared types included (an XML fragment as its XML). */
function plainOf(value: unknown): unknown {
  return value instanceof Y.AbstractType ? (value.toJSON() as unknown) : value;
}

/** JSON with object keys sorted, so equal values give equal strings whatever order their keys arrived in. */
function stableJSON(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Json).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

function omit(value: unknown, keys: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Json).filter(([key]) => !keys.includes(key)));
}

/** The records of a root as JSON by id, with the Y.Map kept for what JSON cannot say (purpose text). */
function recordsOf(root: Y.Map<unknown>): Map<string, { json: Json; map: Y.Map<unknown> | undefined }> {
  const out = new Map<string, { json: Json; map: Y.Map<unknown> | undefined }>();
  for (const [id, value] of root.entries()) {
    if (value instanceof Y.Map) out.set(id, { json: value.toJSON() as Json, map: value });
    else out.set(id, { json: { value: plainOf(value) }, map: undefined });
  }
  return out;
}

function stringField(record: Json, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

/** The fields that differ between two JSON records, leaving out stamps and `ignore`; in a stable order. */
function fieldChanges(before: unknown, after: unknown, ignore: readonly string[]): FieldChange[] {
  const a = (before && typeof before === 'object' ? before : {}) as Json;
  const b = (after && typeof after === 'object' ? after : {}) as Json;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changes: FieldChange[] = [];
  for (const field of keys) {
    if (STAMPS.includes(field) || ignore.includes(field)) continue;
    if (stableJSON(a[field]) === stableJSON(b[field])) continue;
    changes.push({ field, before: a[field] ?? null, after: b[field] ?? null });
  }
  return changes;
}

interface RecordChange {
  id: string;
  change: Exclude<DiffChange, 'same'>;
  fields: FieldChange[];
  /** The record as it is after (as it was, when removed). */
  record: Json;
}

/** Records added, removed or with changed fields (stamps and `ignore` left out). */
function diffRecords(
  before: Map<string, { json: Json }>,
  after: Map<string, { json: Json }>,
  ignore: readonly string[],
): RecordChange[] {
  const out: RecordChange[] = [];
  for (const [id, { json }] of after) {
    const old = before.get(id);
    if (!old) out.push({ id, change: 'added', fields: fieldChanges({}, json, ignore), record: json });
    else {
      const fields = fieldChanges(old.json, json, ignore);
      if (fields.length > 0) out.push({ id, change: 'changed', fields, record: json });
    }
  }
  for (const [id, { json }] of before) {
    if (!after.has(id)) out.push({ id, change: 'removed', fields: fieldChanges(json, {}, ignore), record: json });
  }
  return out;
}

function countChanges(list: readonly { change: DiffChange }[]): SectionCounts {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const { change } of list) if (change !== 'same') counts[change] += 1;
  return counts;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A word diff of two texts (the `diff` package's diffWords), adjacent runs of one kind merged. */
export function diffText(before: string, after: string): TextDiff {
  const parts: TextDiff = [];
  for (const change of diffWords(before, after)) {
    const op = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts.at(-1);
    if (last && last.op === op) last.text += change.value;
    else if (change.value !== '') parts.push({ op, text: change.value });
  }
  return parts;
}

/** The text of a rich-text fragment as plain text: one line per paragraph (or heading, list item...). */
export function fragmentText(fragment: Y.XmlFragment): string {
  return blockLines(fragment).join('\n');
}

function blockLines(node: Y.XmlFragment): string[] {
  const lines: string[] = [];
  let inline = '';
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert?: unknown }[]) if (typeof op.insert === 'string') inline += op.insert;
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') {
        inline += '\n';
        continue;
      }
      if (inline !== '') lines.push(inline);
      inline = '';
      lines.push(...blockLines(child));
    }
  }
  // An element with no blocks inside is a line of its own, even an empty one (an empty paragraph).
  if (inline !== '' || (node instanceof Y.XmlElement && lines.length === 0)) lines.push(inline);
  return lines;
}

function purposeText(map: Y.Map<unknown> | undefined): string {
  const content = map?.get('content');
  return content instanceof Y.XmlFragment ? fragmentText(content) : '';
}

function diffPurposes(beforeRoot: Y.Map<unknown>, afterRoot: Y.Map<unknown>): PurposeDiff[] {
  const before = recordsOf(beforeRoot);
  const after = recordsOf(afterRoot);
  const out: (PurposeDiff & { order: string })[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id);
    const b = after.get(id);
    const textBefore = purposeText(a?.map);
    const textAfter = purposeText(b?.map);
    const fields = fieldChanges(a?.json ?? {}, b?.json ?? {}, ['order', 'content']);
    const change = !a ? 'added' : !b ? 'removed' : fields.length > 0 || textBefore !== textAfter ? 'changed' : undefined;
    if (!change) continue;
    const record = (b ?? a)?.json ?? {};
    out.push({
      id,
      title: stringField(record, 'title') || id,
      change,
      fields,
      text: diffText(textBefore, textAfter),
      order: stringField(record, 'order'),
    });
  }
  out.sort((x, y) => byText(x.order, y.order) || byText(x.id, y.id));
  return out.map(({ order: _order, ...rest }) => rest);
}

function canvasTitle(record: Json): string {
  const text = stringField(record, 'text').split('\n')[0]?.trim() ?? '';
  const title = text || stringField(record, 'label') || stringField(record, 'kind');
  return title.length > 80 ? `${title.slice(0, 79)}…` : title;
}

function diffCanvas(
  before: Map<string, { json: Json }>,
  after: Map<string, { json: Json }>,
): { items: CanvasItemDiff[]; layout: CanvasItemRef[] } {
  const items: CanvasItemDiff[] = [];
  const layout: CanvasItemRef[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id)?.json;
    const b = after.get(id)?.json;
    const record = (b ?? a) as Json;
    const kind = stringField(record, 'kind');
    if (!LISTED_CANVAS_KINDS.has(kind)) continue;
    const ref = { id, kind, title: canvasTitle(record) };
    const fields = fieldChanges(a ?? {}, b ?? {}, [...LAYOUT_FIELDS, 'text', 'description']);
    const textBefore = a ? stringField(a, 'text') : '';
    const textAfter = b ? stringField(b, 'text') : '';
    const descriptionBefore = a ? stringField(a, 'description') : '';
    const descriptionAfter = b ? stringField(b, 'description') : '';
    const edited = fields.length > 0 || textBefore !== textAfter || descriptionBefore !== descriptionAfter;
    const change = !a ? 'added' : !b ? 'removed' : edited ? 'changed' : undefined;
    if (!change) {
      if (a && b && fieldChanges(a, b, []).some((f) => LAYOUT_FIELDS.includes(f.field))) layout.push(ref);
      continue;
    }
    const item: CanvasItemDiff = { ...ref, change, fields };
    if (textBefore !== textAfter) item.text = diffText(textBefore, textAfter);
    if (descriptionBefore !== descriptionAfter) item.description = diffText(descriptionBefore, descriptionAfter);
    items.push(item);
  }
  const order = (x: CanvasItemRef, y: CanvasItemRef) => byText(x.kind, y.kind) || byText(x.title, y.title) || byText(x.id, y.id);
  return { items: items.sort(order), layout: layout.sort(order) };
}

function featureLabel(id: string, record: Json): string {
  const properties = (record.properties ?? {}) as Json;
  for (const key of ['name', 'title', 'Name', 'NAME']) {
    const value = properties[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return id;
}

function isPoint(geometry: unknown): boolean {
  return !!geometry && typeof geometry === 'object' && (geometry as { type?: unknown }).type === 'Point';
}

function diffLayers(
  layersBefore: Map<string, { json: Json }>,
  layersAfter: Map<string, { json: Json }>,
  featuresBefore: Map<string, { json: Json }>,
  featuresAfter: Map<string, { json: Json }>,
): LayerDiff[] {
  const byLayer = new Map<string, FeatureChanges>();
  const changesOf = (layerId: string): FeatureChanges => {
    let changes = byLayer.get(layerId);
    if (!changes) byLayer.set(layerId, (changes = { added: [], removed: [], moved: [], edited: [] }));
    return changes;
  };
  for (const id of new Set([...featuresBefore.keys(), ...featuresAfter.keys()])) {
    const a = featuresBefore.get(id)?.json;
    const b = featuresAfter.get(id)?.json;
    const layerA = a ? stringField(a, 'layerId') : '';
    const layerB = b ? stringField(b, 'layerId') : '';
    if (a && (!b || layerA !== layerB)) changesOf(layerA).removed.push({ id, label: featureLabel(id, a) });
    if (b && (!a || layerA !== layerB)) changesOf(layerB).added.push({ id, label: featureLabel(id, b) });
    if (!a || !b || layerA !== layerB) continue;
    const ref = { id, label: featureLabel(id, b) };
    const geometryChanged = stableJSON(a.geometry) !== stableJSON(b.geometry);
    const moved = geometryChanged && isPoint(a.geometry) && isPoint(b.geometry);
    if (moved) changesOf(layerB).moved.push(ref);
    if ((geometryChanged && !moved) || fieldChanges(a, b, ['geometry', 'layerId']).length > 0) changesOf(layerB).edited.push(ref);
  }

  const out: (LayerDiff & { order: string })[] = [];
  for (const layerId of new Set([...layersBefore.keys(), ...layersAfter.keys(), ...byLayer.keys()])) {
    const a = layersBefore.get(layerId)?.json;
    const b = layersAfter.get(layerId)?.json;
    const fields = a || b ? fieldChanges(a ?? {}, b ?? {}, ['order']) : [];
    const change: DiffChange = a && !b ? 'removed' : b && !a ? 'added' : fields.length > 0 ? 'changed' : 'same';
    const features = byLayer.get(layerId) ?? { added: [], removed: [], moved: [], edited: [] };
    const anyFeature = features.added.length + features.removed.length + features.moved.length + features.edited.length > 0;
    if (change === 'same' && !anyFeature) continue;
    for (const list of Object.values(features) as FeatureRef[][]) list.sort((x, y) => byText(x.label, y.label) || byText(x.id, y.id));
    const record = b ?? a ?? {};
    const name = stringField(record, 'name') || '(unknown layer)';
    out.push({ layerId, name, change, fields, features, order: stringField(record, 'order') });
  }
  out.sort((x, y) => byText(x.order, y.order) || byText(x.layerId, y.layerId));
  return out.map(({ order: _order, ...rest }) => rest);
}
