import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCanvasItem, agreementRows, agreementSummary, deleteCanvasItem, getCanvasItem, initBoard, setAgreement, type CanvasItem } from './index.js';

const partners = [
  { id: 'nhs', organisation: 'Sale PCN' },
  { id: 'council', organisation: 'Trafford Council' },
  { id: 'vcse', organisation: 'Age UK Trafford' },
];

function card(doc: Y.Doc, id: string): CanvasItem {
  const r = getCanvasItem(doc, id);
  if (!r?.ok) throw new Error('unreadable card');
  return r.value;
}

describe('agreement', () => {
  it('setAgreement records state, who and when per partner; null clears', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'x' });
    const id = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0 }, { name: 'amy', now: () => 1 });
    expect(setAgreement(doc, id, 'nhs', 'agreed', { name: 'amy', now: () => 10 })).toBe(true);
    expect(setAgreement(doc, id, 'council', 'concerns', { name: 'bo', now: () => 20 })).toBe(true);
    expect(card(doc, id).agreement).toEqual({
      nhs: { state: 'agreed', by: 'amy', at: 10 },
      council: { state: 'concerns', by: 'bo', at: 20 },
    });
    setAgreement(doc, id, 'nhs', null, { name: 'amy', now: () => 30 });
    expect(card(doc, id).agreement).toEqual({ council: { state: 'concerns', by: 'bo', at: 20 } });
    deleteCanvasItem(doc, id);
    expect(setAgreement(doc, id, 'nhs', 'agreed', { name: 'amy' })).toBe(false);
  });

  it('two partners setting theirs concurrently both stick', () => {
    const a = new Y.Doc();
    initBoard(a, { title: 'x' });
    const id = addCanvasItem(a, { kind: 'outcome', x: 0, y: 0 }, { name: 'amy', now: () => 1 });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setAgreement(a, id, 'nhs', 'agreed', { name: 'amy', now: () => 2 });
    setAgreement(b, id, 'vcse', 'not yet', { name: 'bo', now: () => 3 });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(Object.keys(card(a, id).agreement).sort()).toEqual(['nhs', 'vcse']);
    expect(card(a, id)).toEqual(card(b, id));
  });

  it('agreementSummary counts agreed partners over the current partners', () => {
    const entry = (state: 'agreed' | 'concerns' | 'not yet') => ({ state, by: 'x', at: 0 });
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}` }));
    const agreement = { p0: entry('agreed'), p1: entry('agreed'), p2: entry('agreed'), p3: entry('agreed'), p4: entry('concerns'), gone: entry('agreed') };
    expect(agreementSummary({ agreement }, six)).toEqual({ agreed: 4, total: 6, text: '4 of 6 partners agree' });
    expect(agreementSummary({ agreement: {} }, [])).toEqual({ agreed: 0, total: 0, text: '0 of 0 partners agree' });
    expect(agreementSummary({ agreement }, [{ id: 'p0' }]).text).toBe('1 of 1 partner agrees');
  });

  it('agreementRows lists every partner in order with their entry or null', () => {
    const rows = agreementRows({ agreement: { council: { state: 'concerns', by: 'bo', at: 5 } } }, partners);
    expect(rows.map((r) => [r.partner.id, r.entry?.state ?? null])).toEqual([
      ['nhs', null],
      ['council', 'concerns'],
      ['vcse', null],
    ]);
  });
});
