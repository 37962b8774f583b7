import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCanvasItem,
  addPartner,
  accountabilityOf,
  deletePartner,
  initBoard,
  listPartners,
  setAccountability,
  sortPartners,
  updatePartner,
  type Partner,
} from './index.js';

const author = { name: 'amy', now: () => 1000 };

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Test' });
  return doc;
}

function partners(doc: Y.Doc): Partner[] {
  return listPartners(doc).flatMap((r) => (r.ok ? [r.value] : []));
}

describe('partners', () => {
  it('adds a partner with defaults and lists it', () => {
    const doc = board();
    const id = addPartner(doc, { organisation: 'Trafford Council', sector: 'local authority' }, author);
    expect(partners(doc)).toEqual([
      {
        id,
        createdBy: 'amy',
        createdAt: 1000,
        updatedAt: 1000,
        organisation: 'Trafford Council',
        sector: 'local authority',
        lead: '',
        contact: '',
        commitment: 'unknown',
        role: '',
        accountability: '',
        notes: '',
      },
    ]);
  });

  it('refuses an empty organisation or an unknown sector, writing nothing', () => {
    const doc = board();
    expect(() => addPartner(doc, { organisation: '', sector: 'NHS' }, author)).toThrow();
    expect(() => addPartner(doc, { organisation: 'X', sector: 'private' as 'NHS' }, author)).toThrow();
    expect(listPartners(doc)).toEqual([]);
  });

  it('updates fields and bumps updatedAt; moving on the partner map is an update of sector and commitment', () => {
    const doc = board();
    const id = addPartner(doc, { organisation: 'Age UK Trafford', sector: 'VCSE', lead: 'CEO', notes: 'kept' }, author);
    updatePartner(doc, id, { sector: 'community', commitment: 'committed', contact: 'info@example.org' }, { name: 'bo', now: () => 2000 });
    expect(partners(doc)[0]).toMatchObject({ sector: 'community', commitment: 'committed', contact: 'info@example.org', updatedAt: 2000, createdBy: 'amy' });
    // Fields the patch does not name keep their values (no schema default overwrites them).
    updatePartner(doc, id, { role: 'Befriending' }, author);
    expect(partners(doc)[0]).toMatchObject({ lead: 'CEO', notes: 'kept', contact: 'info@example.org', commitment: 'committed', role: 'Befriending' });
    expect(() => updatePartner(doc, id, { commitment: 'keen' as 'committed' }, author)).toThrow();
    expect(() => updatePartner(doc, id, { organisation: '' }, author)).toThrow();
  });

  it('ignores an update of a deleted partner', () => {
    const doc = board();
    const id = addPartner(doc, { organisation: 'A', sector: 'NHS' }, author);
    deletePartner(doc, id);
    updatePartner(doc, id, { lead: 'x' }, author);
    expect(listPartners(doc)).toEqual([]);
  });

  it('deleting a partner removes it from the accountability matrix', () => {
    const doc = board();
    const id = addPartner(doc, { organisation: 'A', sector: 'NHS' }, author);
    const other = addPartner(doc, { organisation: 'B', sector: 'NHS' }, author);
    const outcome = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer admissions' }, author);
    setAccountability(doc, outcome, id, 'A');
    setAccountability(doc, outcome, other, 'R');
    deletePartner(doc, id);
    expect(accountabilityOf(doc, outcome)).toEqual({ [other]: 'R' });
  });

  it('lists broken records last instead of dropping them', () => {
    const doc = board();
    addPartner(doc, { organisation: 'A', sector: 'NHS' }, author);
    doc.getMap('partners').set('bad', new Y.Map());
    const listed = listPartners(doc);
    expect(listed.map((r) => r.ok)).toEqual([true, false]);
  });
});

describe('sortPartners', () => {
  const make = (id: string, organisation: string, sector: Partner['sector'], commitment: Partner['commitment'], lead = ''): Partner => ({
    id: id as Partner['id'],
    createdBy: 'a',
    createdAt: 1,
    updatedAt: 1,
    organisation,
    sector,
    lead,
    contact: '',
    commitment,
    role: '',
    accountability: '',
    notes: '',
  });
  const list = [
    make('1', 'beta', 'VCSE', 'unknown', 'Zoe'),
    make('2', 'Alpha', 'other', 'committed', 'amir'),
    make('3', 'gamma', 'NHS', 'performative', ''),
    make('4', 'Alpha', 'NHS', 'engaged', 'Bea'),
  ];
  const ids = (sorted: Partner[]) => sorted.map((p) => p.id);

  it('sorts text alphabetically ignoring case, ties by organisation then id', () => {
    expect(ids(sortPartners(list, 'organisation'))).toEqual(['2', '4', '1', '3']);
    expect(ids(sortPartners(list, 'organisation', 'descending'))).toEqual(['3', '1', '4', '2']);
    expect(ids(sortPartners(list, 'lead'))).toEqual(['3', '2', '4', '1']);
  });

  it('sorts sector and commitment in their own order, not alphabetically', () => {
    expect(ids(sortPartners(list, 'sector'))).toEqual(['4', '3', '1', '2']);
    expect(ids(sortPartners(list, 'commitment'))).toEqual(['2', '4', '3', '1']);
  });

  it('does not change its input', () => {
    const copy = [...list];
    sortPartners(list, 'sector', 'descending');
    expect(list).toEqual(copy);
  });
});
