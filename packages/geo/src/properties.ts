/**
 * Property helpers shared by every importer and by the join: case-insensitive lookup, and the one rule
 * that turns a text cell into a number.
 */

/**
 * Finds the key of `properties` that matches `name` case-insensitively (`Name`, `name`, `NAME`).
 * An exact match wins; otherwise the first key in insertion order whose lower-case form matches.
 */
export function findPropertyKey(properties: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(properties, name)) return name;
  const wanted = name.trim().toLowerCase();
  return Object.keys(properties).find((key) => key.trim().toLowerCase() === wanted);
}

/**
 * Reads a property by name case-insensitively, so `getProperty(p, 'name')` finds `Name` in the libraries
 * layer. Returns `undefined` when there is no such key.
 */
export function getProperty(properties: Record<string, unknown>, name: string): unknown {
  const key = findPropertyKey(properties, name);
  return key === undefined ? undefined : properties[key];
}

/** Whole-cell decimal numbers with no leading zero ("12", "-2.5", "0.75"; not "007", "0161 912 2000", "1e5", "+4"). */
const NUMERIC_CELL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * Turns one text cell (CSV or joined table) into a property value:
 * - an empty or all-blank cell becomes `null`;
 * - a cell that is wholly a plain decimal number becomes a number, unless it has a leading zero
 *   (codes, phone numbers: `"0161..."`, `"007"` stay text) or more than 15 significant digits
 *   (long identifiers would lose precision);
 * - anything else stays the original string.
 */
export function toPropertyValue(cell: string | null | undefined): string | number | null {
  if (cell === null || cell === undefined) return null;
  const trimmed = cell.trim();
  if (trimmed === '') return null;
  if (NUMERIC_CELL.test(trimmed) && trimmed.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15) {
    return Number(trimmed);
  }
  return cell;
}

/**
 * Reads a number from a property value: finite numbers as they are, and strings that pass the
 * {@link toPropertyValue} rule or are signed decimals like `" 53.4 "`. Anything else gives `undefined`.
 */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().replace(/^\u2212/, '-');
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(trimmed)) return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : undefined;
}
