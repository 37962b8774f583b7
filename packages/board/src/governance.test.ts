import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  GOVERNANCE_CSV_COLUMNS,
  GovernanceEntryRefused,
  addGovernanceEntry,
  deleteGovernanceEntry,
  governanceCsvRows,
  initBoard,
  listGovernanceEntries,
  riskRating,
  riskScore,
  sortGovernanceEntries,
  updateGovernanceEntry,
  type GovernanceEntry,
} from './index.js';

let clock = 0;
const author = { name: 'amy', now: () => ++clock };

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Test' });
  return doc;
}

function entries(doc: Y.Doc, kind?: GovernanceEntry['kind']): GovernanceEntry[] {
  return listGovernanceEntries(doc, kind).flatMap((r) => (r.ok ? [r.value] : []));
}

describe('governance log', () => {
  it('adds a decision, a data-sharing entry and a risk, and lists them by kind', () => {
    const doc = board();
    const decision = addGovernanceEntry(doc, { kind: 'decision', title: 'Agree the cohort', decidedBy: 'Steering group', decidedOn: '2026-03-01', rationale: 'Need' }, author);
    const sharing = addGovernanceEntry(doc, { kind: 'data-sharing', title: 'Case list', lawfulBasis: '6(1)(e)', includesHealthData: true, article9Condition: '9(2)(h)', dpiaStatus: 'in progress' }, author);
    const risk = addGovernanceEntry(doc, { kind: 'risk', title: 'Turnover', likelihood: 4, impact: 3 }, author);
    expect(entries(doc).map((e) => e.id)).toEqual([decision, sharing, risk]);
    expect(entries(doc, 'risk')).toMatchObject([{ id: risk, likelihood: 4, impact: 3, detail: '', status: 'open' }]);
    expect(entries(doc, 'decision')).toMatchObject([{ decidedBy: 'Steering group', decidedOn: '2026-03-01', rationale: 'Need' }]);
  });

  it('refuses health data without an Article 9 condition, on add and on update', () => {
    const doc = board();
    expect(() => addGovernanceEntry(doc, { kind: 'data-sharing', title: 'x', includesHealthData: true }, author)).toThrow(GovernanceEntryRefused);
    expect(entries(doc)).toEqual([]);
    const id = addGovernanceEntry(doc, { kind: 'data-sharing', title: 'x', includesHealthData: true, article9Condition: '9(2)(h)' }, author);
    expect(() => updateGovernanceEntry(doc, id, { article9Condition: null }, author)).toThrow(GovernanceEntryRefused);
    updateGovernanceEntry(doc, id, { includesHealthData: false, article9Condition: null }, author);
    expect(entries(doc)[0]).toMatchObject({ includesHealthData: false });
    expect(entries(doc)[0]?.article9Condition).toBeUndefined();
  });

  it('refuses out-of-range likelihood and impact', () => {
    const doc = board();
    expect(() => addGovernanceEntry(doc, { kind: 'risk', title: 'x', likelihood: 6 }, author)).toThrow();
    const id = addGovernanceEntry(doc, { kind: 'risk', title: 'x', likelihood: 2 }, author);
    expect(() => updateGovernanceEntry(doc, id, { impact: 0 }, author)).toThrow();
  });

  it('updates only the fields named, keeping stored detail and status', () => {
    const doc = board();
    const id = addGovernanceEntry(doc, { kind: 'decision', title: 'x', detail: 'kept', status: 'agreed' }, author);
    updateGovernanceEntry(doc, id, { rationale: 'because' }, author);
    expect(entries(doc)[0]).toMatchObject({ detail: 'kept', status: 'agreed', rationale: 'because' });
    deleteGovernanceEntry(doc, id);
    expect(entries(doc)).toEqual([]);
  });
});

describe('risk score', () => {
  it('is likelihood × impact, undefined when either is missing', () => {
    expect(riskScore({ likelihood: 4, impact: 5 })).toBe(20);
    expect(riskScore({ likelihood: 4, impact: undefined })).toBeUndefined();
  });

  it('rates 1–6 green, 8–12 amber, 15–25 red', () => {
    const ratings = new Map<number, string>();
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) ratings.set(l * i, riskRating(l * i));
    expect([...ratings].filter(([, r]) => r === 'green').map(([s]) => s).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...ratings].filter(([, r]) => r === 'amber').map(([s]) => s).sort((a, b) => a - b)).toEqual([8, 9, 10, 12]);
    expect([...ratings].filter(([, r]) => r === 'red').map(([s]) => s).sort((a, b) => a - b)).toEqual([15, 16, 20, 25]);
  });
});

describe('sortGovernanceEntries', () => {
  const doc = board();
  const a = addGovernanceEntry(doc, { kind: 'risk', title: 'beta', likelihood: 2, impact: 2, owner: 'Zed' }, author);
  const b = addGovernanceEntry(doc, { kind: 'risk', title: 'Alpha', likelihood: 5, impact: 4 }, author);
  const c = addGovernanceEntry(doc, { kind: 'risk', title: 'gamma', likelihood: 3, impact: 3, owner: 'amy' }, author);
  const d = addGovernanceEntry(doc, { kind: 'risk', title: 'delta' }, author);
  const list = entries(doc);
  const ids = (sorted: GovernanceEntry[]) => sorted.map((e) => e.id);

  it('sorts by score as a number, missing scores last in both directions', () => {
    expect(ids(sortGovernanceEntries(list, 'score'))).toEqual([a, c, b, d]);
    expect(ids(sortGovernanceEntries(list, 'score', 'descending'))).toEqual([b, c, a, d]);
  });

  it('sorts text ignoring case, missing last', () => {
    expect(ids(sortGovernanceEntries(list, 'title'))).toEqual([b, a, d, c]);
    expect(ids(sortGovernanceEntries(list, 'owner'))).toEqual([c, a, b, d]);
    expect(ids(sortGovernanceEntries(list, 'owner', 'descending'))).toEqual([a, c, b, d]);
  });
});

describe('governanceCsvRows', () => {
  it('lists decisions, data sharing then risks, every row with every column', () => {
    const doc = board();
    addGovernanceEntry(doc, { kind: 'risk', title: 'r', likelihood: 5, impact: 4 }, author);
    addGovernanceEntry(doc, { kind: 'decision', title: 'd' }, author);
    addGovernanceEntry(doc, { kind: 'data-sharing', title: 's', includesHealthData: false }, author);
    doc.getMap('governance').set('broken', new Y.Map());
    const rows = governanceCsvRows(doc);
    expect(rows.map((r) => r.kind)).toEqual(['decision', 'data-sharing', 'risk']);
    for (const row of rows) expect(Object.keys(row)).toEqual([...GOVERNANCE_CSV_COLUMNS]);
    expect(rows[2]).toMatchObject({ score: 20, rating: 'High', likelihood: 5 });
    expect(rows[1]).toMatchObject({ includesHealthData: false, score: '' });
  });
});
