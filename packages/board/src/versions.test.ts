import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CURRENT_SCHEMA_VERSION,
  ROOT_NAMES,
  addCanvasItem,
  addCommentThread,
  addFeature,
  addGovernanceEntry,
  addLayer,
  addPartner,
  addPurpose,
  boardFromState,
  deleteCanvasItem,
  deleteFeature,
  deleteGovernanceEntry,
  diffBoards,
  diffText,
  fragmentText,
  getPurposeFragment,
  getRoots,
  initBoard,
  placeVote,
  restoreBoard,
  setBoardTitle,
  setFeatureGeometry,
  setFeatureProperty,
  startVoteSession,
  updateCanvasItem,
  updateLayer,
  updatePartner,
  updatePurpose,
  type Author,
  type BoardDiff,
} from './index.js';
import { simulateReplicas, syncDocs, type Replica } from './testing/replicas.js';

const amy: Author = { name: 'amy', now: () => 1000 };
const ben: Author = { name: 'ben', now: () => 2000 };

/** Types paragraphs into a purpose's fragment, as the Tiptap binding stores them. */
function typeParagraphs(doc: Y.Doc, purposeId: string, paragraphs: string[]): void {
  const fragment = getPurposeFragment(doc, purposeId);
  if (!fragment) throw new Error('no fragment');
  doc.transact(() => {
    for (const text of paragraphs) {
      const paragraph = new Y.XmlElement('paragraph');
      const run = new Y.XmlText();
      run.insert(0, text);
      paragraph.insert(0, [run]);
      fragment.insert(fragment.length, [paragraph]);
    }
  });
}

/** The XmlText of paragraph `index` of a purpose. */
function paragraphText(doc: Y.Doc, purposeId: string, index: number): Y.XmlText {
  const paragraph = getPurposeFragment(doc, purposeId)?.get(index);
  const run = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
  if (!(run instanceof Y.XmlText)) throw new Error('no paragraph text');
  return run;
}

/** Every root as JSON with sorted keys: what two equal boards share. */
function snapshot(doc: Y.Doc): string {
  const roots: Record<string, unknown> = {};
  for (const name of ROOT_NAMES) roots[name] = doc.getMap(name).toJSON();
  return JSON.stringify(roots, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** A copy of `doc` as a version would store it: a full state update, opened afresh. */
function saved(doc: Y.Doc): Y.Doc {
  return boardFromState(Y.encodeStateAsUpdate(doc));
}

const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] as [number, number] });
const square = (size: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[0, 0], [size, 0], [size, size], [0, size], [0, 0]] as [number, number][]],
});

/** A small board with something in every section. */
function sampleBoard() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Northfield plan', neighbourhood: 'Northfield' });
  const purpose = addPurpose(doc, { title: 'Healthy ageing', cohortWho: 'Over 65s' }, amy);
  typeParagraphs(doc, purpose, ['Help older people stay well at home.', 'Fewer falls.']);
  const otherPurpose = addPurpose(doc, { title: 'Children' }, amy);
  const assets = addLayer(doc, { name: 'GP practices', kind: 'assets', style: { colour: '#112233' } }, amy);
  const areas = addLayer(doc, { name: 'Wards', kind: 'areas', style: { colour: '#445566' } }, amy);
  const gp1 = addFeature(doc, { layerId: assets, geometry: point(-1.9, 52.4), properties: { name: 'Hawkesley Surgery' } }, amy);
  const gp2 = addFeature(doc, { layerId: assets, geometry: point(-1.95, 52.41), properties: { name: 'Bell Lane' } }, amy);
  const gp3 = addFeature(doc, { layerId: assets, geometry: point(-1.97, 52.42), properties: { title: 'Longbridge HC' } }, amy);
  const ward = addFeature(doc, { layerId: areas, geometry: square(1), properties: { name: 'Northfield ward' } }, amy);
  const outcome = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls', description: 'Cut emergency admissions for falls.' }, amy);
  const sticky = addCanvasItem(doc, { kind: 'sticky', x: 300, y: 0, text: 'Ask the pharmacies' }, amy);
  const nhs = addPartner(doc, { organisation: 'Northfield PCN', sector: 'NHS', lead: 'Dr Rao' }, amy);
  const council = addPartner(doc, { organisation: 'City Council', sector: 'local authority' }, amy);
  const risk = addGovernanceEntry(doc, { kind: 'risk', title: 'Data late', likelihood: 2, impact: 3 }, amy);
  return { doc, purpose, otherPurpose, assets, areas, gp1, gp2, gp3, ward, outcome, sticky, nhs, council, risk };
}

describe('diffBoards', () => {
  it('finds nothing between a board and a saved copy of it', () => {
    const { doc } = sampleBoard();
    const diff = diffBoards(saved(doc), doc);
    expect(diff.identical).toBe(true);
    expect(diff).toMatchObject({ meta: [], map: { layers: [] }, purposes: [], outcomes: [], layout: [], partners: [], governance: [] });
  });

  it('summarises every section: features, purposes and their text, canvas, partners, governance, settings', () => {
    const b = sampleBoard();
    const version = saved(b.doc);
    const { doc } = b;

    setBoardTitle(doc, 'Northfield plan 2026');
    // Map: one point moved, one renamed, one deleted, one added; an area redrawn; a new layer; a layer renamed.
    setFeatureGeometry(doc, b.gp1, point(-1.91, 52.4), ben);
    setFeatureProperty(doc, b.gp2, 'name', 'Bell Lane Surgery', ben);
    deleteFeature(doc, b.gp3);
    const added = addFeature(doc, { layerId: b.assets, geometry: point(-1.93, 52.43), properties: { name: 'West Heath' } }, ben);
    setFeatureGeometry(doc, b.ward, square(2), ben);
    updateLayer(doc, b.areas, { name: 'Wards 2026' }, ben);
    const pharmacies = addLayer(doc, { name: 'Pharmacies', kind: 'assets', style: { colour: '#778899' } }, ben);
    const pharmacy = addFeature(doc, { layerId: pharmacies, geometry: point(-1.92, 52.4), properties: {} }, ben);
    // Purposes: one text edit and a cohort change, one new purpose, one removed.
    paragraphText(doc, b.purpose, 1).insert('Fewer'.length, ' serious');
    updatePurpose(doc, b.purpose, { cohortWho: 'Over 70s' }, ben);
    getRoots(doc).purposes.delete(b.otherPurpose);
    const newPurpose = addPurpose(doc, { title: 'Carers' }, ben);
    typeParagraphs(doc, newPurpose, ['Support unpaid carers.']);
    // Canvas: description changed, a sticky only moved, a new sticky.
    updateCanvasItem(doc, b.outcome, { description: 'Cut emergency admissions for falls by a fifth.', target: '20% fewer' }, ben);
    updateCanvasItem(doc, b.sticky, { x: 999, y: 5 }, ben);
    const newSticky = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 400, text: 'Talk to the fire service' }, ben);
    // Partners and governance.
    updatePartner(doc, b.council, { lead: 'Ms Khan', commitment: 'engaged' }, ben);
    const vcse = addPartner(doc, { organisation: 'Age UK Birmingham', sector: 'VCSE' }, ben);
    deleteGovernanceEntry(doc, b.risk);
    const decision = addGovernanceEntry(doc, { kind: 'decision', title: 'Pilot falls service' }, ben);

    const diff = diffBoards(version, doc);
    expect(diff.identical).toBe(false);
    expect(diff.meta).toEqual([{ field: 'title', before: 'Northfield plan', after: 'Northfield plan 2026' }]);

    const layers = Object.fromEntries(diff.map.layers.map((l) => [l.name, l]));
    expect(Object.keys(layers).sort()).toEqual(['GP practices', 'Pharmacies', 'Wards 2026']);
    expect(layers['GP practices']).toMatchObject({
      layerId: b.assets,
      change: 'same',
      fields: [],
      features: {
        added: [{ id: added, label: 'West Heath' }],
        removed: [{ id: b.gp3, label: 'Longbridge HC' }],
        moved: [{ id: b.gp1, label: 'Hawkesley Surgery' }],
        edited: [{ id: b.gp2, label: 'Bell Lane Surgery' }],
      },
    });
    expect(layers['Wards 2026']).toMatchObject({
      change: 'changed',
      fields: [{ field: 'name', before: 'Wards', after: 'Wards 2026' }],
      features: { added: [], removed: [], moved: [], edited: [{ id: b.ward, label: 'Northfield ward' }] },
    });
    expect(layers.Pharmacies).toMatchObject({ change: 'added', features: { added: [{ id: pharmacy, label: pharmacy }] } });

    const purposes = Object.fromEntries(diff.purposes.map((p) => [p.title, p]));
    expect(purposes['Healthy ageing']).toEqual({
      id: b.purpose,
      title: 'Healthy ageing',
      change: 'changed',
      fields: [{ field: 'cohortWho', before: 'Over 65s', after: 'Over 70s' }],
      text: [
        { op: 'same', text: 'Help older people stay well at home.\nFewer ' },
        { op: 'added', text: 'serious ' },
        { op: 'same', text: 'falls.' },
      ],
    });
    expect(purposes.Children).toMatchObject({ change: 'removed', text: [] });
    expect(purposes.Carers).toMatchObject({ id: newPurpose, change: 'added', text: [{ op: 'added', text: 'Support unpaid carers.' }] });

    expect(diff.outcomes).toEqual([
      {
        id: b.outcome,
        kind: 'outcome',
        title: 'Fewer falls',
        change: 'changed',
        fields: [{ field: 'target', before: null, after: '20% fewer' }],
        description: [
          { op: 'same', text: 'Cut emergency admissions for falls ' },
          { op: 'added', text: 'by a fifth' },
          { op: 'same', text: '.' },
        ],
      },
      expect.objectContaining({ id: newSticky, kind: 'sticky', title: 'Talk to the fire service', change: 'added', text: [{ op: 'added', text: 'Talk to the fire service' }] }),
    ]);
    expect(diff.layout).toEqual([{ id: b.sticky, kind: 'sticky', title: 'Ask the pharmacies' }]);

    expect(diff.partners).toEqual([
      expect.objectContaining({ id: vcse, organisation: 'Age UK Birmingham', change: 'added' }),
      {
        id: b.council,
        organisation: 'City Council',
        change: 'changed',
        fields: [
          { field: 'commitment', before: 'unknown', after: 'engaged' },
          { field: 'lead', before: '', after: 'Ms Khan' },
        ],
      },
    ]);
    expect(diff.governance.map((g) => [g.id, g.kind, g.title, g.change])).toEqual([
      [decision, 'decision', 'Pilot falls service', 'added'],
      [b.risk, 'risk', 'Data late', 'removed'],
    ]);

    expect(diff.counts).toEqual<BoardDiff['counts']>({
      meta: 1,
      layers: { added: 1, removed: 0, changed: 1 },
      features: { added: 2, removed: 1, moved: 1, edited: 2 },
      purposes: { added: 1, removed: 1, changed: 1 },
      outcomes: { added: 1, removed: 0, changed: 1, moved: 1 },
      partners: { added: 1, removed: 0, changed: 1 },
      governance: { added: 1, removed: 1, changed: 0 },
      comments: { added: 0, removed: 0, changed: 0 },
      community: { added: 0, removed: 0, changed: 0 },
    });
    // The diff is plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
  });

  it('reads the other way round as the opposite change', () => {
    const b = sampleBoard();
    const version = saved(b.doc);
    deleteCanvasItem(b.doc, b.outcome);
    deleteFeature(b.doc, b.gp1);
    expect(diffBoards(version, b.doc).outcomes.map((o) => o.change)).toEqual(['removed']);
    expect(diffBoards(b.doc, version).outcomes.map((o) => o.change)).toEqual(['added']);
    expect(diffBoards(b.doc, version).map.layers[0]?.features.added).toEqual([{ id: b.gp1, label: 'Hawkesley Surgery' }]);
  });

  it('lists a feature that changed layer as removed from one and added to the other', () => {
    const b = sampleBoard();
    const version = saved(b.doc);
    getRoots(b.doc).features.get(b.gp1)?.set('layerId', b.areas);
    const layers = diffBoards(version, b.doc).map.layers;
    expect(layers.find((l) => l.layerId === b.assets)?.features.removed).toEqual([{ id: b.gp1, label: 'Hawkesley Surgery' }]);
    expect(layers.find((l) => l.layerId === b.areas)?.features.added).toEqual([{ id: b.gp1, label: 'Hawkesley Surgery' }]);
  });
});

describe('text helpers', () => {
  it('reads a fragment as plain text, one line per block, lists and hard breaks included', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('f');
    const heading = new Y.XmlElement('heading');
    heading.insert(0, [new Y.XmlText('Title')]);
    const paragraph = new Y.XmlElement('paragraph');
    const bold = new Y.XmlText();
    paragraph.insert(0, [bold, new Y.XmlElement('hardBreak'), new Y.XmlText('second')]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const itemParagraph = new Y.XmlElement('paragraph');
    itemParagraph.insert(0, [new Y.XmlText('one')]);
    item.insert(0, [itemParagraph]);
    list.insert(0, [item]);
    fragment.insert(0, [heading, paragraph, new Y.XmlElement('paragraph'), list]);
    bold.insert(0, 'bold', { bold: true });
    bold.insert(4, ' plain');
    expect(fragmentText(fragment)).toBe('Title\nbold plain\nsecond\n\none');
  });

  it('diffs words, and an unchanged text is one same run', () => {
    expect(diffText('a b c', 'a b c')).toEqual([{ op: 'same', text: 'a b c' }]);
    expect(diffText('', 'new')).toEqual([{ op: 'added', text: 'new' }]);
    expect(diffText('old', '')).toEqual([{ op: 'removed', text: 'old' }]);
    const parts = diffText('the quick fox', 'the slow fox');
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe('the slow fox');
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe('the quick fox');
  });
});

describe('restoreBoard', () => {
  it('makes every root hold what the version holds, in one transaction with the given origin', () => {
    const b = sampleBoard();
    const version = saved(b.doc);
    const { doc } = b;
    setBoardTitle(doc, 'Renamed');
    getRoots(doc).meta.delete('neighbourhood');
    deleteFeature(doc, b.gp1);
    setFeatureProperty(doc, b.gp2, 'name', 'Changed', ben);
    setFeatureProperty(doc, b.gp2, 'phone', '0121', ben);
    addFeature(doc, { layerId: b.assets, geometry: point(0, 0) }, ben);
    paragraphText(doc, b.purpose, 0).delete(0, 5);
    getRoots(doc).purposes.delete(b.otherPurpose);
    updateCanvasItem(doc, b.outcome, { text: 'Different', x: 50 }, ben);
    addPartner(doc, { organisation: 'Extra', sector: 'other' }, ben);
    deleteGovernanceEntry(doc, b.risk);
    startVoteSession(doc, { votesEach: 3, durationMs: null }, ben);
    expect(placeVote(doc, b.outcome, 'ben', 2001)).toBe(true);
    addCommentThread(doc, { kind: 'canvas', id: b.sticky }, 'Why?', ben);
    expect(snapshot(doc)).not.toBe(snapshot(version));

    const origin = Symbol('restore');
    const transactions: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => transactions.push(tr.origin));
    const touched = restoreBoard(doc, version, origin);

    expect(transactions).toEqual([origin]);
    expect(snapshot(doc)).toBe(snapshot(version));
    expect(diffBoards(version, doc).identical).toBe(true);
    expect(touched).toEqual(
      expect.arrayContaining([
        { root: 'meta', record: 'title' },
        { root: 'meta', record: 'neighbourhood' },
        { root: 'features', record: b.gp1 },
        { root: 'features', record: b.gp2 },
        { root: 'purposes', record: b.otherPurpose },
        { root: 'canvas', record: b.outcome },
        { root: 'governance', record: b.risk },
      ]),
    );
    // Records equal in both were left alone.
    expect(touched.map((t) => t.record)).not.toContain(b.sticky);
    expect(touched.map((t) => t.record)).not.toContain(b.nhs);
  });

  it('leaves records that did not change untouched, so shared types and text anchors keep their identity', () => {
    const b = sampleBoard();
    const version = saved(b.doc);
    const { doc } = b;
    const stickyMap = getRoots(doc).canvas.get(b.sticky);
    const fragment = getPurposeFragment(doc, b.purpose);
    const outcomeMap = getRoots(doc).canvas.get(b.outcome);
    const votes = outcomeMap?.get('votes');
    updateCanvasItem(doc, b.outcome, { text: 'Changed title' }, ben);
    updatePurpose(doc, b.purpose, { title: 'Renamed purpose' }, ben);

    const touched = restoreBoard(doc, version);

    expect(getRoots(doc).canvas.get(b.sticky)).toBe(stickyMap);
    // Changed records are brought back field by field: the record, its votes map and its text stay the same objects.
    expect(getRoots(doc).canvas.get(b.outcome)).toBe(outcomeMap);
    expect(getRoots(doc).canvas.get(b.outcome)?.get('votes')).toBe(votes);
    expect(getPurposeFragment(doc, b.purpose)).toBe(fragment);
    expect(touched).toEqual([
      { root: 'purposes', record: b.purpose },
      { root: 'canvas', record: b.outcome },
    ]);
    expect(snapshot(doc)).toBe(snapshot(version));
  });

  it('keeps the board’s schema version and changes nothing when the board already matches', () => {
    const b = sampleBoard();
    const version = saved(b.doc);
    getRoots(version).meta.set('schemaVersion', 1);
    const updates: Uint8Array[] = [];
    b.doc.on('update', (u: Uint8Array) => updates.push(u));
    expect(restoreBoard(b.doc, version)).toEqual([]);
    expect(updates).toEqual([]);
    expect(getRoots(b.doc).meta.get('schemaVersion')).toBe(CURRENT_SCHEMA_VERSION);
  });

  it('brings back deleted records as copies, purpose text included, that the board can edit afterwards', () => {
    const b = sampleBoard();
    const version = saved(b.doc);
    getRoots(b.doc).purposes.delete(b.purpose);
    restoreBoard(b.doc, version);
    const fragment = getPurposeFragment(b.doc, b.purpose);
    expect(fragment?.doc).toBe(b.doc);
    expect(fragmentText(fragment!)).toBe('Help older people stay well at home.\nFewer falls.');
    paragraphText(b.doc, b.purpose, 0).insert(0, 'We ');
    expect(fragmentText(fragment!)).toMatch(/^We Help/);
    // The version document itself is untouched.
    expect(fragmentText(getPurposeFragment(version, b.purpose)!)).toBe('Help older people stay well at home.\nFewer falls.');
  });

  it('converges with a replica that edited concurrently', () => {
    const b = sampleBoard();
    const server = b.doc;
    const client = new Y.Doc();
    syncDocs(server, client);
    const version = saved(server);
    updateCanvasItem(server, b.outcome, { text: 'Server edit' }, amy);
    syncDocs(server, client);

    // The client edits without having seen the restore: a new sticky, and a change to a record the restore replaces.
    const clientSticky = addCanvasItem(client, { kind: 'sticky', x: 1, y: 1, text: 'Offline idea' }, ben);
    updateCanvasItem(client, b.outcome, { target: 'client target' }, ben);
    deleteFeature(client, b.gp1);
    restoreBoard(server, version);

    syncDocs(server, client);
    syncDocs(client, server);
    expect(snapshot(client)).toBe(snapshot(server));
    // The client's concurrent addition survives the restore; the restore's own changes hold.
    expect(getRoots(server).canvas.get(clientSticky)?.get('text')).toBe('Offline idea');
    expect(getRoots(server).canvas.get(b.outcome)?.get('text')).toBe('Fewer falls');
  });

  it('keeps random replicas converging when some of them restore versions mid-edit (seeded)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const origin = sampleBoard().doc;
      const versions = [saved(origin)];
      const peers = simulateReplicas({
        seed,
        replicas: 4,
        steps: 300,
        origin,
        ops: ({ int, pick }) => {
          const ids = (doc: Y.Doc, root: 'canvas' | 'features' | 'partners') => [...getRoots(doc)[root].keys()];
          return [
            (r: Replica) => addCanvasItem(r.doc, { kind: 'sticky', x: int(500), y: int(500), text: `s${int(100)}` }, r.author),
            (r: Replica) => {
              const id = pick(ids(r.doc, 'canvas'));
              if (id) updateCanvasItem(r.doc, id, { text: `t${int(100)}`, x: int(500) }, r.author);
            },
            (r: Replica) => {
              const id = pick(ids(r.doc, 'canvas'));
              if (id) deleteCanvasItem(r.doc, id);
            },
            (r: Replica) => {
              const id = pick(ids(r.doc, 'features'));
              if (id) setFeatureProperty(r.doc, id, 'name', `f${int(100)}`, r.author);
            },
            (r: Replica) => {
              const id = pick(ids(r.doc, 'partners'));
              if (id) updatePartner(r.doc, id, { lead: `l${int(100)}` }, r.author);
            },
            (r: Replica) => versions.push(saved(r.doc)),
            (r: Replica) => {
              const version = pick(versions);
              if (version) restoreBoard(r.doc, version);
            },
          ];
        },
      });
      const expected = snapshot((peers[0] as Replica).doc);
      peers.forEach((peer, i) => expect(snapshot(peer.doc), `seed ${seed}, replica ${i}`).toBe(expected));
    }
  });
});
