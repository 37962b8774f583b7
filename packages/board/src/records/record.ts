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

/** Validates the plain fields of a stored record with `schema`. A broken record is reported, never thrown. */
export function readRecord<S extends z.ZodType>(
  schema: S,
  id: string,
  record: Y.Map<unknown>,
): ReadResult<z.infer<S>> {
  const parsed = schema.safeParse({ ...recordToJSON(record), id });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, id, error: z.prettifyError(parsed.error) };
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
