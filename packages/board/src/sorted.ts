import { generateKeyBetween } from 'fractional-indexing';

/** A fractional index that sorts after every index in `existing`. */
export function indexAfterAll(existing: Iterable<string>): string {
  let last: string | null = null;
  for (const key of existing) if (last === null || key > last) last = key;
  try {
    return generateKeyBetween(last, null);
  } catch {
    // A malformed stored index must not block adding: start a fresh run above it.
    return generateKeyBetween(null, null) + last;
  }
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
