import * as Y from 'yjs';
import { z } from 'zod';
import { newRecordId, type RecordId } from '../ids.js';

/** Fields every record carries, whatever its kind. */
export const recordBaseSchema = z.object({
  id: z.string().min(1),
  createdBy: z.string(),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});

/** Who is writing, and the clock to stamp records with. Passed in so the model needs no browser or Node globals. */
export interface Author {
  /** Display name or account id of the person making the change. */
  name: string;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
}

/** The outcome of reading a stored record: a valid value, or why it is broken. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; id: string; error: string };

/** Plain fields of a Y.Map record, nested shared types turned into JSON. */
export function recordToJSON(record: Y.Map<unknown>): Record<string, unknown> {
  return record.toJSON() as Record<string, unknown>;
}

/** True when a value stored in a record root is a record (a Y.Map), not something a faulty client wrote there. */
export function isRecordMap(value: unknown): value is Y.Map<unknown> {
  return value instanceof Y.Map;
}

/** The record stored under `id` in a root, or undefined when there is none or the entry is not a record. */
export function recordIn(root: Pick<Y.Map<unknown>, 'get'>, id: string): Y.Map<unknown> | undefined {
  const record = root.get(id);
  return isRecordMap(record) ? record : undefined;
}

/** The records of a root, skipping entries that are not records. */
export function recordsIn(root: Pick<Y.Map<unknown>, 'values'>): Y.Map<unknown>[] {
  return [...root.values()].filter(isRecordMap);
}

/**
 * Validates the plain fields of a stored record with `schema`. A broken record is reported, never thrown:
 * that includes a root entry that is not a Y.Map at all.
 */
export function readRecord<S extends z.ZodType>(schema: S, id: string, record: unknown): ReadResult<z.infer<S>> {
  if (!isRecordMap(record)) {
    const found = record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record;
    return { ok: false, id, error: `record is not a Y.Map (found ${found})` };
  }
  try {
    const parsed = schema.safeParse({ ...recordToJSON(record), id });
    if (parsed.success) return { ok: true, value: parsed.data };
    return { ok: false, id, error: z.prettifyError(parsed.error) };
  } catch (error) {
    return { ok: false, id, error: `record could not be read: ${String(error)}` };
  }
}

/** Creates a Y.Map record with the base fields and the given plain fields (call inside a transaction). */
export function createRecordMap(
  author: Author,
  fields: Record<string, unknown>,
  id: RecordId = newRecordId(),
): { id: RecordId; map: Y.Map<unknown> } {
  const now = (author.now ?? Date.now)();
  const map = new Y.Map<unknown>();
  map.set('id', id);
  map.set('createdBy', author.name);
  map.set('createdAt', now);
  map.set('updatedAt', now);
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) map.set(key, value);
  }
  return { id, map };
}

/** Sets changed plain fields on a record and bumps `updatedAt`. Unchanged values are not rewritten. */
export function patchRecordMap(record: Y.Map<unknown>, patch: Record<string, unknown>, author: Author): void {
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || key === 'id' || key === 'createdBy' || key === 'createdAt') continue;
    if (JSON.stringify(record.get(key)) === JSON.stringify(value)) continue;
    record.set(key, value);
    changed = true;
  }
  if (changed) record.set('updatedAt', (author.now ?? Date.now)());
}
