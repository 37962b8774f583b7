import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ACCOUNTABILITY_KEY,
  accountabilityOf,
  addCanvasItem,
  addPartner,
  initBoard,
  listCanvasItems,
  listOutcomes,
  outcomesWithSeveralAccountable,
  setAccountability,
  type RaciRole,
} from './index.js';

const author = { name: 'amy', now: () => 1 };

function setup() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Test' });
  const gp = addPartner(doc, { organisation: 'GP practice', sector: 'NHS' }, author);
  const council = addPartner(doc, { organisation: 'Council', sector: 'local authority' }, author);
  const outcome = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer admissions' }, author);
  return { doc, gp, council, outcome };
}

describe('accountability matrix', () => {
  it('sets, changes and clears a partner’s RACI role in a nested Y.Map on the outcome card', () => {
    const { doc, gp, council, outcome } = setup();
    expect(accountabilityOf(doc, outcome)).toEqual({});
    expect(setAccountability(doc, outcome, gp, 'R')).toEqual({ ok: true });
    expect(setAccountability(doc, outcome, council, 'C')).toEqual({ ok: true });
    const record = doc.getMap('canvas').get(outcome) as Y.Map<unknown>;
    expect(record.get(ACCOUNTABILITY_KEY)).toBeInstanceOf(Y.Map);
    expect(accountabilityOf(doc, outcome)).toEqual({ [gp]: 'R', [council]: 'C' });
    setAccountability(doc, outcome, gp, 'I');
    setAccountability(doc, outcome, council, null);
    expect(accountabilityOf(doc, outcome)).toEqual({ [gp]: 'I' });
  });

  it('allows at most one Accountable partner per outcome', () => {
    const { doc, gp, council, outcome } = setup();
    expect(setAccountability(doc, outcome, gp, 'A')).toEqual({ ok: true });
    expect(setAccountability(doc, outcome, council, 'A')).toEqual({ ok: false, reason: 'already_accountable', partnerId: gp });
    expect(accountabilityOf(doc, outcome)).toEqual({ [gp]: 'A' });
    // Setting A again on the same partner is fine; once the first steps down, another may take it.
    expect(setAccountability(doc, outcome, gp, 'A')).toEqual({ ok: true });
    setAccountability(doc, outcome, gp, 'R');
    expect(setAccountability(doc, outcome, council, 'A')).toEqual({ ok: true });
    expect(outcomesWithSeveralAccountable(doc)).toEqual([]);
  });

  it('flags an outcome that two clients each gave an Accountable partner at the same time', () => {
    const { doc, gp, council, outcome } = setup();
    setAccountability(doc, outcome, gp, 'R'); // the nested map exists on both replicas before they diverge
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(setAccountability(doc, outcome, gp, 'A').ok).toBe(true);
    expect(setAccountability(other, outcome, council, 'A').ok).toBe(true);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(outcomesWithSeveralAccountable(doc)).toEqual([outcome]);
  });

  it('refuses what is not a RACI role and anything that is not an outcome card', () => {
    const { doc, gp, outcome } = setup();
    expect(() => setAccountability(doc, outcome, gp, 'X' as RaciRole)).toThrow(RangeError);
    const sticky = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, text: 'note' }, author);
    expect(setAccountability(doc, sticky, gp, 'R')).toEqual({ ok: false, reason: 'no_outcome' });
    expect(setAccountability(doc, 'missing', gp, 'R')).toEqual({ ok: false, reason: 'no_outcome' });
  });

  it('skips values a faulty client wrote, and leaves the canvas item readable', () => {
    const { doc, gp, council, outcome } = setup();
    setAccountability(doc, outcome, gp, 'R');
    ((doc.getMap('canvas').get(outcome) as Y.Map<unknown>).get(ACCOUNTABILITY_KEY) as Y.Map<unknown>).set(council, 42);
    expect(accountabilityOf(doc, outcome)).toEqual({ [gp]: 'R' });
    expect(listCanvasItems(doc).every((r) => r.ok)).toBe(true);
  });

  it('lists outcome cards only, named by title when there is one, else by text', () => {
    const { doc, outcome } = setup();
    addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, text: 'note' }, author);
    const second = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'text' }, author);
    (doc.getMap('canvas').get(second) as Y.Map<unknown>).set('title', 'Titled outcome');
    expect(listOutcomes(doc).map((o) => [o.id, o.title])).toEqual([
      [outcome, 'Fewer admissions'],
      [second, 'Titled outcome'],
    ]);
  });
});
