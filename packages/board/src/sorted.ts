import { generateKeyBetween } from 'fractional-indexing';

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
