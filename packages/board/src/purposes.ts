import * as Y from 'yjs';
import type { RecordId } from './ids.js';
import { deleteThreadsAnchoredTo } from './comments.js';
import { purposeContent, purposeSchema, type CohortSize, type Purpose } from './records/purpose.js';
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
import { byIndex, indexAfterAll, placeInOrder, validThenBroken } from './sorted.js';

/** The fields of a purpose a person edits directly (its text is edited through its fragment). */
export interface PurposeFields {
  title?: string;
  /** Free-text cohort, kept for boards written before the structured fields. */
  cohort?: string;
  cohortWho?: string;
  cohortWhere?: string;
  cohortSize?: CohortSize;
}

/** Adds a purpose statement with an empty rich-text body and returns its id. */
export function addPurpose(doc: Y.Doc, fields: PurposeFields & { title: string }, author: Author): RecordId {
  const { purposes } = getRoots(doc);
  let id!: RecordId;
  doc.transact(() => {
    const order = indexAfterAll(recordsIn(purposes).map((p) => String(p.get('order') ?? 'a0')));
    const record = createRecordMap(author, { ...fields, cohort: fields.cohort ?? '', order });
    record.map.set('content', new Y.XmlFragment());
    purposes.set(record.id, record.map);
    id = record.id;
  });
  return id;
}

/** Every purpose, in order; broken records are reported rather than dropped. */
export function listPurposes(doc: Y.Doc): ReadResult<Purpose>[] {
  const results = [...getRoots(doc).purposes.entries()].map(
    ([id, record]) => readRecord(purposeSchema, id, record) as ReadResult<Purpose>,
  );
  return validThenBroken(results, byIndex<Purpose>((p) => p.order));
}

/** The Y.XmlFragment a Tiptap editor binds to for this purpose, or undefined if the purpose is gone. */
export function getPurposeFragment(doc: Y.Doc, id: string): Y.XmlFragment | undefined {
  const record = recordIn(getRoots(doc).purposes, id);
  if (!record) return undefined;
  const existing = record.get('content');
  return existing instanceof Y.XmlFragment ? existing : undefined;
}

/** Changes the title or cohort fields of a purpose. */
export function updatePurpose(doc: Y.Doc, id: string, patch: PurposeFields, author: Author): void {
  const record = recordIn(getRoots(doc).purposes, id);
  if (!record) return;
  doc.transact(() => patchRecordMap(record, { ...patch }, author));
}

/** Removes a purpose, its text and the comment threads anchored to its text, in one transaction. */
export function deletePurpose(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    getRoots(doc).purposes.delete(id);
    deleteThreadsAnchoredTo(doc, 'text', id);
  });
}

/**
 * Moves a purpose one place up (-1) or down (+1) in the list. Returns false when it is already first or last
 * or is gone. When two purposes share an order (added concurrently), the list is renumbered.
 */
export function movePurpose(doc: Y.Doc, id: string, direction: -1 | 1, author: Author): boolean {
  const { purposes } = getRoots(doc);
  const record = recordIn(purposes, id);
  if (!record) return false;
  const list = listPurposes(doc).flatMap((r) => (r.ok ? [r.value] : []));
  const from = list.findIndex((p) => p.id === id);
  const to = from + direction;
  if (from < 0 || to < 0 || to >= list.length) return false;
  const others = list.filter((p) => p.id !== id);
  doc.transact(() => placeInOrder(purposes, others, id, to, author));
  return true;
}

/**
 * Reads a cohort size as a person typed it: a plain whole or decimal number (commas allowed) becomes a number,
 * anything else ("about 1,200") stays text; blank is stored as '' (no size).
 */
export function parseCohortSize(input: string): CohortSize {
  const trimmed = input.trim();
  if (trimmed === '') return '';
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed.replace(/,/g, ''));
  return trimmed.slice(0, 100);
}

export { purposeContent };
