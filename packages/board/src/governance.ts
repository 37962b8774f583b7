import type * as Y from 'yjs';
import type { RecordId } from './ids.js';
import {
  governanceEntryProblems,
  governanceEntrySchema,
  type GovernanceEntry,
  type GovernanceKind,
} from './records/governance-entry.js';
import { createRecordMap, patchRecordMap, readRecord, recordIn, recordToJSON, type Author, type ReadResult } from './records/record.js';
import { getRoots } from './roots.js';
import { validThenBroken } from './sorted.js';
import type { SortDirection } from './partners.js';

const editable = governanceEntrySchema.omit({ id: true, createdBy: true, createdAt: true, updatedAt: true });

/** What it takes to add a governance entry: a kind and a title, plus that kind's fields. */
export type NewGovernanceEntry = { kind: GovernanceKind; title: string } & Partial<
  Omit<GovernanceEntry, 'id' | 'createdBy' | 'createdAt' | 'updatedAt' | 'kind' | 'title'>
>;

/** The fields of an entry an edit may change (not its kind). */
export type GovernanceEntryPatch = Partial<Omit<NewGovernanceEntry, 'kind'>>;

/** Thrown when an entry breaks a rule that spans fields (see `governanceEntryProblems`). */
export class GovernanceEntryRefused extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'GovernanceEntryRefused';
  }
}

function check(entry: Partial<GovernanceEntry>): void {
  const problems = governanceEntryProblems(entry);
  if (problems.length > 0) throw new GovernanceEntryRefused(problems);
}

/**
 * Adds an entry to the governance log and returns its id. Throws a zod error for bad field values and
 * {@link GovernanceEntryRefused} when a rule is broken (health data shared without an Article 9 condition).
 */
export function addGovernanceEntry(doc: Y.Doc, fields: NewGovernanceEntry, author: Author): RecordId {
  const checked = editable.parse(fields);
  check(checked);
  const { governance } = getRoots(doc);
  let id!: RecordId;
  doc.transact(() => {
    const record = createRecordMap(author, checked);
    governance.set(record.id, record.map);
    id = record.id;
  });
  return id;
}

/**
 * Changes fields of an entry; does nothing if it was deleted meanwhile. `null` clears an optional field.
 * Throws like {@link addGovernanceEntry}, judging the entry as it would be after the change.
 */
export function updateGovernanceEntry(
  doc: Y.Doc,
  id: string,
  patch: { [K in keyof GovernanceEntryPatch]?: GovernanceEntryPatch[K] | null },
  author: Author,
): void {
  const record = recordIn(getRoots(doc).governance, id);
  if (!record) return;
  const cleared = Object.keys(patch).filter((key) => patch[key as keyof typeof patch] === null);
  const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null));
  const checked = editable.omit({ kind: true }).partial().parse(set);
  // Defaults of the schema (detail, status) must not overwrite stored values the patch did not name.
  const named = Object.fromEntries(Object.entries(checked).filter(([key]) => key in set));
  const current = recordToJSON(record) as Partial<GovernanceEntry>;
  const next: Record<string, unknown> = { ...current, ...named };
  for (const key of cleared) delete next[key];
  check(next as Partial<GovernanceEntry>);
  doc.transact(() => {
    for (const key of cleared) {
      if (key === 'title') continue;
      if (record.has(key)) record.delete(key);
    }
    patchRecordMap(record, named, author);
    if (cleared.length > 0) record.set('updatedAt', (author.now ?? Date.now)());
  });
}

/** Removes an entry from the log. */
export function deleteGovernanceEntry(doc: Y.Doc, id: string): void {
  getRoots(doc).governance.delete(id);
}

/** Entries of the log (of one kind, or all), oldest first; broken records come last, reported rather than dropped. */
export function listGovernanceEntries(doc: Y.Doc, kind?: GovernanceKind): ReadResult<GovernanceEntry>[] {
  const results = [...getRoots(doc).governance.entries()]
    .map(([id, record]) => readRecord(governanceEntrySchema, id, record) as ReadResult<GovernanceEntry>)
    .filter((result) => !result.ok || kind === undefined || result.value.kind === kind);
  return validThenBroken(results, (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Red, amber or green: how serious a risk is, by its score. */
export type RiskRating = 'red' | 'amber' | 'green';

/** Likelihood × impact (each 1 to 5), or undefined when either is missing. */
export function riskScore(entry: Pick<GovernanceEntry, 'likelihood' | 'impact'>): number | undefined {
  if (entry.likelihood === undefined || entry.impact === undefined) return undefined;
  return entry.likelihood * entry.impact;
}

/**
 * The RAG rating of a 5×5 risk score: 15 and over red (high), 8 to 12 amber (moderate), 6 and under green (low).
 * (No product of two numbers from 1 to 5 falls on 7, 13 or 14.)
 */
export function riskRating(score: number): RiskRating {
  if (score >= 15) return 'red';
  if (score >= 8) return 'amber';
  return 'green';
}

/** Words for a RAG rating, so the colour is never the only signal. */
export const RISK_RATING_LABELS: Record<RiskRating, string> = { red: 'High', amber: 'Moderate', green: 'Low' };

/** Fields a governance table can sort by: any field of the entry, or a risk's `score`. */
export type GovernanceSortKey = keyof Omit<GovernanceEntry, 'id'> | 'score';

function sortValue(entry: GovernanceEntry, key: GovernanceSortKey): string | number | undefined {
  if (key === 'score') return riskScore(entry);
  const value = entry[key];
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * Entries sorted by one field, in a new array. Numbers (dates are YYYY-MM-DD, so they sort as text) compare
 * in order; text alphabetically ignoring case; a missing value sorts last whichever the direction; ties fall
 * back to creation time then id, so every client shows one order.
 */
export function sortGovernanceEntries(
  entries: readonly GovernanceEntry[],
  key: GovernanceSortKey,
  direction: SortDirection = 'ascending',
): GovernanceEntry[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...entries].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    const missingA = va === undefined || va === '';
    const missingB = vb === undefined || vb === '';
    if (missingA !== missingB) return missingA ? 1 : -1;
    if (!missingA && !missingB && va !== vb) {
      const order =
        typeof va === 'number' && typeof vb === 'number'
          ? va - vb
          : String(va).localeCompare(String(vb), 'en-GB', { sensitivity: 'base', numeric: true });
      if (order !== 0) return sign * order;
    }
    return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** Columns of the governance CSV: `kind`, then the union of every kind's fields. */
export const GOVERNANCE_CSV_COLUMNS = [
  'kind',
  'title',
  'detail',
  'status',
  'decidedBy',
  'decidedOn',
  'rationale',
  'purpose',
  'dataItems',
  'lawfulBasis',
  'includesHealthData',
  'article9Condition',
  'controllers',
  'igLead',
  'dpiaStatus',
  'reviewDate',
  'likelihood',
  'impact',
  'score',
  'rating',
  'owner',
  'mitigation',
  'createdBy',
  'createdAt',
  'updatedAt',
  'id',
] as const;

/**
 * The governance log as rows for a CSV: decisions, then data sharing, then risks, each oldest first, with
 * every column of {@link GOVERNANCE_CSV_COLUMNS} (empty where a kind has no such field). Times are ISO 8601.
 * Broken records are left out.
 */
export function governanceCsvRows(doc: Y.Doc): Record<string, string | number | boolean>[] {
  const rows: Record<string, string | number | boolean>[] = [];
  for (const kind of ['decision', 'data-sharing', 'risk'] as const) {
    for (const result of listGovernanceEntries(doc, kind)) {
      if (!result.ok) continue;
      const entry = result.value;
      const score = riskScore(entry);
      const full: Record<string, unknown> = {
        ...entry,
        score: score ?? '',
        rating: score === undefined ? '' : RISK_RATING_LABELS[riskRating(score)],
        createdAt: new Date(entry.createdAt).toISOString(),
        updatedAt: new Date(entry.updatedAt).toISOString(),
      };
      const row: Record<string, string | number | boolean> = {};
      for (const column of GOVERNANCE_CSV_COLUMNS) {
        const value = full[column];
        row[column] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : '';
      }
      rows.push(row);
    }
  }
  return rows;
}
