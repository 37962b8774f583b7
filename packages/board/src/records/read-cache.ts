import type * as Y from 'yjs';
import type { z } from 'zod';
import { readRecord, type ReadResult } from './record.js';

/** What one doc keeps of its records' last reads. */
interface DocReads {
  /** Per record Y.Map, per schema: the record's last read, valid until the record or anything in it changes. */
  reads: WeakMap<Y.AbstractType<any>, Map<z.ZodType, ReadResult<unknown>>>;
  /** Transactions whose changes have already been taken out of `reads`. */
  settled: WeakSet<Y.Transaction>;
}

const docs = new WeakMap<Y.Doc, DocReads>();

/** The shared type `type` sits in, or null for a root. */
function parentOf(type: Y.AbstractType<any>): Y.AbstractType<any> | null {
  return (type._item?.parent as Y.AbstractType<any> | null | undefined) ?? null;
}

function readsOf(doc: Y.Doc): DocReads {
  let found = docs.get(doc);
  if (found) return found;
  const state: DocReads = { reads: new WeakMap(), settled: new WeakSet() };
  // The first moment after a transaction's changes that anyone can read: before any observer of it runs. A changed
  // type drops its own read and every enclosing one, so a record nested in a record is covered too.
  doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
    for (const type of transaction.changed.keys()) {
      for (let t: Y.AbstractType<any> | null = type; t !== null; t = parentOf(t)) state.reads.delete(t);
    }
    state.settled.add(transaction);
  });
  docs.set(doc, (found = state));
  return found;
}

/**
 * True when every change made to `doc` so far has been accounted for: no transaction is running, and each one
 * still waiting for its observers (one started by another's observer) has had its changes dropped from the reads.
 */
function readsAreCurrent(doc: Y.Doc, state: DocReads): boolean {
  return doc._transaction === null && doc._transactionCleanups.every((transaction) => state.settled.has(transaction));
}

/**
 * Freezes a read one level into its value: the value and the objects it holds (a feature's `properties` and
 * `geometry`), not arrays or what lies deeper. Enough to make the likely mistake (`feature.properties.x = …`) throw;
 * freezing every coordinate pair too would double the cost of a first read of a large board.
 */
function freezeRead<T>(result: ReadResult<T>): ReadResult<T> {
  if (result.ok && typeof result.value === 'object' && result.value !== null) {
    for (const inner of Object.values(result.value)) {
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner) && !ArrayBuffer.isView(inner)) Object.freeze(inner);
    }
    Object.freeze(result.value);
  }
  return Object.freeze(result);
}

/**
 * {@link readRecord}, kept per record until the record or anything inside it changes. On a board with thousands of
 * features, every view that lists them (the map, the search, the lists beside the map) then validates each record
 * once, not once per view per change: after one feature changes, the next list re-reads that feature alone.
 *
 * The value is shared by every caller: copy what you change. It is frozen one level down ({@link freezeRead}), so that
 * changing it in place mostly throws rather than quietly changing what every other view reads.
 * Reads made while a transaction runs, or before its changes are accounted for, are not kept.
 */
export function readRecordCached<S extends z.ZodType>(schema: S, id: string, record: unknown): Readonly<ReadResult<z.infer<S>>> {
  const doc = (record as { doc?: Y.Doc | null } | null)?.doc;
  if (!doc || typeof record !== 'object' || record === null) return readRecord(schema, id, record);
  const state = readsOf(doc);
  if (!readsAreCurrent(doc, state)) return readRecord(schema, id, record);
  const type = record as Y.AbstractType<any>;
  let bySchema = state.reads.get(type);
  const kept = bySchema?.get(schema);
  if (kept) return kept as ReadResult<z.infer<S>>;
  const result = freezeRead(readRecord(schema, id, record));
  if (!bySchema) state.reads.set(type, (bySchema = new Map()));
  bySchema.set(schema, result);
  return result;
}
