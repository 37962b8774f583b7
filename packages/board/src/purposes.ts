import * as Y from 'yjs';
import type { RecordId } from './ids.js';
import { purposeContent, purposeSchema, type Purpose } from './records/purpose.js';
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

/** Adds a purpose statement with an empty rich-text body and returns its id. */
export function addPurpose(doc: Y.Doc, fields: { title: string; cohort?: string }, author: Author): RecordId {
  const { purposes } = getRoots(doc);
  let id!: RecordId;
  doc.transact(() => {
    const order = indexAfterAll(recordsIn(purposes).map((p) => String(p.get('order') ?? 'a0')));
    const record = createRecordMap(author, { title: fields.title, cohort: fields.cohort ?? '', order });
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

/** Changes the title or cohort of a purpose. */
export function updatePurpose(doc: Y.Doc, id: string, patch: { title?: string; cohort?: string }, author: Author): void {
  const record = recordIn(getRoots(doc).purposes, id);
  if (!record) return;
  doc.transact(() => patchRecordMap(record, patch, author));
}

/** Removes a purpose and its text. */
export function deletePurpose(doc: Y.Doc, id: string): void {
  getRoots(doc).purposes.delete(id);
}

export { purposeContent };
