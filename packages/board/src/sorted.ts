import { generateKeyBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import { patchRecordMap, type Author } from './records/record.js';

/** A fractional index that sorts after every index in `existing`. */
export function indexAfterAll(existing: Iterable<string>): string {
  let last: string | null = null;
  for (const key of existing) if (last === null || key > last) last = key;
  try {
    return generateKeyBetween(last, null);
  } catch {
    // A malformed stored index must not block adding: start a fresh run above it. Any string that has the
    // highest index as a prefix sorts after it (a prefix in front of it would not, e.g. "a0" + "zzz" < "zzz").
    return last + generateKeyBetween(null, null);
  }
}

/**
 * A fractional index strictly between `lower` and `upper` (either may be null for "no bound"), or undefined
 * when none exists: the bounds are equal, out of order or malformed (e.g. two layers added concurrently
 * with the same index). Callers then renumber.
 */
export function indexBetween(lower: string | null, upper: string | null): string | undefined {
  try {
    return generateKeyBetween(lower, upper);
  } catch {
    return undefined;
  }
}

/** `count` fresh, increasing fractional indexes: for renumbering a list whose stored indexes collide. */
export function freshIndexes(count: number): string[] {
  const out: string[] = [];
  let last: string | null = null;
  for (let i = 0; i < count; i++) out.push((last = generateKeyBetween(last, null)));
  return out;
}

/** Sorts records by a fractional-index field, breaking ties by id so every client sees one order. */
export function byIndex<T extends { id: string }>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * Valid records sorted by `compare`, then broken ones by id: every replica lists a root in one order,
 * whatever order its Y.Map happened to integrate the entries in.
 */
export function validThenBroken<T>(
  results: ({ ok: true; value: T } | { ok: false; id: string; error: string })[],
  compare: (a: T, b: T) => number,
): ({ ok: true; value: T } | { ok: false; id: string; error: string })[] {
  const valid = results.filter((r): r is { ok: true; value: T } => r.ok);
  const broken = results.filter((r): r is { ok: false; id: string; error: string } => !r.ok);
  valid.sort((a, b) => compare(a.value, b.value));
  broken.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...valid, ...broken];
}

/**
 * Puts record `id` at position `toIndex` among `others` (the other records of `records`, already in order) by
 * giving it a fractional index between its new neighbours. When the neighbours' indexes collide (two records added
 * concurrently), every record is renumbered in its new place instead. Call inside a transaction.
 */
export function placeInOrder(
  records: Y.Map<Y.Map<unknown>>,
  others: readonly { id: string; order: string }[],
  id: string,
  toIndex: number,
  author: Author,
): void {
  const record = records.get(id);
  if (!record) return;
  const index = Math.max(0, Math.min(others.length, Math.trunc(toIndex)));
  const order = indexBetween(others[index - 1]?.order ?? null, others[index]?.order ?? null);
  if (order !== undefined) {
    patchRecordMap(record, { order }, author);
    return;
  }
  const sequence = [...others.slice(0, index).map((o) => o.id), id, ...others.slice(index).map((o) => o.id)];
  const orders = freshIndexes(sequence.length);
  sequence.forEach((recordId, i) => {
    const other = records.get(recordId);
    if (other) patchRecordMap(other, { order: orders[i] }, author);
  });
}
