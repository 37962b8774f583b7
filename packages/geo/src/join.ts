import { findPropertyKey, toPropertyValue } from './properties.js';

/** How to join: the key property on the features, the key column of the table, and which columns to add. */
export interface JoinTableOptions {
  /** Property holding the key on each feature, found case-insensitively (e.g. `area_code`). */
  featureKey: string;
  /** Column holding the key in the table, found case-insensitively (e.g. `lsoa11cd`). */
  rowKey: string;
  /** Columns to add, found case-insensitively. @default every column except `rowKey` */
  columns?: string[];
}

/** The joined features and how well the keys matched. */
export interface JoinTableResult<F> {
  /** New feature objects with new properties; the input is not changed. */
  features: F[];
  /** Features that found a row. */
  matched: number;
  /** Row keys (trimmed, first spelling, table order) that no feature matched. */
  unmatchedRowKeys: string[];
  /** Features with no key or no matching row. */
  featuresWithoutMatch: number;
}

const normaliseKey = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value).trim().toLowerCase();

function findColumn(row: Record<string, string>, name: string): string | undefined {
  return findPropertyKey(row, name);
}

/**
 * Joins a table of values onto features by key, e.g. IMD 2019 by `lsoa11cd` onto LSOA boundaries by
 * `area_code`, to make an indicator layer. Keys compare trimmed and case-insensitively. Joined cells
 * go through `toPropertyValue` (numbers become numbers, codes with leading zeros stay text, empty cells
 * are null) and replace a feature property of the same name (in any case). When several rows share a
 * key, the first wins. Extra fields on the features (id, geometry) are kept.
 */
export function joinTable<F extends { properties: Record<string, unknown> }>(
  features: readonly F[],
  rows: readonly Record<string, string>[],
  options: JoinTableOptions,
): JoinTableResult<F> {
  const byKey = new Map<string, { row: Record<string, string>; key: string }>();
  for (const row of rows) {
    const column = findColumn(row, options.rowKey);
    const key = column === undefined ? '' : (row[column] ?? '').trim();
    if (key !== '' && !byKey.has(key.toLowerCase())) byKey.set(key.toLowerCase(), { row, key });
  }
  const used = new Set<string>();
  let matched = 0;
  const joined = features.map((feature) => {
    const keyProperty = findPropertyKey(feature.properties, options.featureKey);
    const key = normaliseKey(keyProperty === undefined ? undefined : feature.properties[keyProperty]);
    const match = key === '' ? undefined : byKey.get(key);
    const properties = { ...feature.properties };
    if (match) {
      matched++;
      used.add(key);
      const rowKeyColumn = findColumn(match.row, options.rowKey);
      const columns = options.columns
        ? options.columns.map((name) => findColumn(match.row, name)).filter((c): c is string => c !== undefined)
        : Object.keys(match.row).filter((column) => column !== rowKeyColumn);
      for (const column of columns) {
        const existing = findPropertyKey(properties, column);
        if (existing !== undefined && existing !== column) delete properties[existing];
        properties[column] = toPropertyValue(match.row[column]);
      }
    }
    return { ...feature, properties };
  });
  const unmatchedRowKeys = [...byKey.entries()].filter(([key]) => !used.has(key)).map(([, value]) => value.key);
  return { features: joined, matched, unmatchedRowKeys, featuresWithoutMatch: features.length - matched };
}
