import {
  addCanvasItem,
  addFeature,
  addGovernanceEntry,
  addLayer,
  addPartner,
  addPurpose,
  deleteFeature,
  deleteGovernanceEntry,
  getPurposeFragment,
  getRoots,
  setBoardTitle,
  setFeatureGeometry,
  updateCanvasItem,
  updateLayer,
  updatePartner,
  type Author,
  type BoardDiff,
} from '@placeboard/board';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditLog } from '../helpers/access.js';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, ownerFetch, startTestServer, type Auth, type TestServer } from '../helpers/server.js';
import { storedDoc, storedSnapshot } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Named versions over the real HTTP API and real y-websocket clients: save, list, open, compare, restore (with
 * clients connected and editing), and sign-off by each partner's people.
 */

interface VersionView {
  number: number;
  name: string;
  note: string;
  createdByName: string;
  createdAt: number;
  status: 'saved' | 'proposed' | 'agreed';
  proposedAt: number | null;
  agreedAt: number | null;
  signoff: {
    agreed: number;
    concerns: number;
    total: number;
    entries: { partnerId: string; organisation: string; state: string; comment: string; byName: string; at: number }[];
    pending: { partnerId: string; organisation: string }[];
  };
}
interface ErrorBody {
  error: { code: string; message: string };
}

const owner: Author = { name: 'Test Owner' };
const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] as [number, number] });

/** Types a paragraph into a purpose's text, as the editor stores it. */
function typeParagraph(doc: Y.Doc, purposeId: string, text: string): void {
  const fragment = getPurposeFragment(doc, purposeId)!;
  const paragraph = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  run.insert(0, text);
  paragraph.insert(0, [run]);
  fragment.insert(fragment.length, [paragraph]);
}

describe('versions and sign-off', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  const connect = async (boardId: string, auth?: Auth) => {
    const client = await connectClient(server, boardId, { auth });
    clients.push(client);
    return client;
  };
  /** A request as `auth` (the owner unless told). */
  const call = (path: string, init: RequestInit & { auth?: Auth } = {}) => {
    const { auth, ...rest } = init;
    return fetch(`${server.url}/api/boards/${path}`, {
      ...rest,
      headers: { ...(auth ?? server.owner).headers, ...(rest.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    });
  };
  const post = (path: string, body: unknown, auth?: Auth) => call(path, { method: 'POST', body: JSON.stringify(body), auth });
  const put = (path: string, body: unknown, auth?: Auth) => call(path, { method: 'PUT', body: JSON.stringify(body), auth });
  const saveVersion = async (boardId: string, name: string, note = '') => {
    const response = await post(`${boardId}/versions`, { name, note });
    expect(response.status).toBe(201);
    return ((await response.json()) as { version: VersionView }).version;
  };
  const listVersions = async (boardId: string, auth?: Auth) => {
    const response = await call(`${boardId}/versions`, { auth });
    expect(response.status).toBe(200);
    return (await response.json()) as { versions: VersionView[]; agreedPlan: number | null };
  };
  const getVersion = async (boardId: string, number: number, auth?: Auth) => {
    const response = await call(`${boardId}/versions/${number}`, { auth });
    expect(response.status).toBe(200);
    return ((await response.json()) as { version: VersionView }).version;
  };
  const diff = async (boardId: string, a: number | 'current', b: number | 'current') => {
    const response = await call(`${boardId}/versions/${a}/diff/${b}`);
    expect(response.status).toBe(200);
    return (await response.json()) as BoardDiff;
  };
  /** Waits until the store holds exactly what `client` holds (the server has every edit it sent). */
  const serverHas = async (boardId: string, client: SyncClient) => {
    await waitUntil(async () => snapshotOf(await storedDoc(server.store, boardId)) === snapshotOf(client.doc));
  };
  const errorCode = async (response: Response) => ((await response.json()) as ErrorBody).error.code;

  /** A board with something in each section, made by the owner's client. */
  async function seededBoard(title: string) {
    const boardId = await createBoardViaApi(server, title);
    const client = await connect(boardId);
    const { doc } = client;
    const purpose = addPurpose(doc, { title: 'Healthy ageing', cohortWho: 'Over 65s' }, owner);
    doc.transact(() => typeParagraph(doc, purpose, 'Help older people stay well at home.'));
    const layer = addLayer(doc, { name: 'GP practices', kind: 'assets', style: { colour: '#112233' } }, owner);
    const gp = addFeature(doc, { layerId: layer, geometry: point(-1.9, 52.4), properties: { name: 'Hawkesley Surgery' } }, owner);
    const clinic = addFeature(doc, { layerId: layer, geometry: point(-1.95, 52.41), properties: { name: 'Bell Lane' } }, owner);
    const card = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls', description: 'Cut admissions for falls.' }, owner);
    const nhs = addPartner(doc, { organisation: 'Northfield PCN', sector: 'NHS' }, owner);
    const risk = addGovernanceEntry(doc, { kind: 'risk', title: 'Data arrives late', likelihood: 2, impact: 3 }, owner);
    await serverHas(boardId, client);
    return { boardId, client, doc, purpose, layer, gp, clinic, card, nhs, risk };
  }

  it('saves, lists, opens and compares versions, and restores one as a new change the client receives', async () => {
    const b = await seededBoard('Northfield plan');
    const v1Snapshot = snapshotOf(b.doc);
    const first = await saveVersion(b.boardId, 'First draft', 'Before the workshop');
    expect(first).toMatchObject({
      number: 1,
      name: 'First draft',
      note: 'Before the workshop',
      createdByName: 'Test Owner',
      status: 'saved',
      proposedAt: null,
      agreedAt: null,
      signoff: { agreed: 0, concerns: 0, total: 1, entries: [], pending: [{ partnerId: b.nhs, organisation: 'Northfield PCN' }] },
    });

    // The workshop changes things.
    setBoardTitle(b.doc, 'Northfield plan (workshop)');
    updateLayer(b.doc, b.layer, { name: 'GP surgeries' }, owner);
    setFeatureGeometry(b.doc, b.gp, point(-1.91, 52.4), owner);
    deleteFeature(b.doc, b.clinic);
    const pharmacy = addFeature(b.doc, { layerId: b.layer, geometry: point(-1.92, 52.42), properties: { name: 'West Heath Pharmacy' } }, owner);
    b.doc.transact(() => typeParagraph(b.doc, b.purpose, 'Fewer falls.'));
    updateCanvasItem(b.doc, b.card, { description: 'Cut emergency admissions for falls by a fifth.' }, owner);
    updatePartner(b.doc, b.nhs, { lead: 'Dr Rao' }, owner);
    deleteGovernanceEntry(b.doc, b.risk);
    await serverHas(b.boardId, b.client);
    const v2Snapshot = snapshotOf(b.doc);
    await saveVersion(b.boardId, 'After the workshop');

    const listed = await listVersions(b.boardId);
    expect(listed.versions.map((v) => [v.number, v.name, v.createdByName, v.status])).toEqual([
      [2, 'After the workshop', 'Test Owner', 'saved'],
      [1, 'First draft', 'Test Owner', 'saved'],
    ]);
    expect(listed.agreedPlan).toBeNull();
    expect(await getVersion(b.boardId, 1)).toEqual(first);

    // Opening a version: its whole board as a Yjs update, for a read-only view.
    const opened = await call(`${b.boardId}/versions/1/update`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('application/octet-stream');
    const readOnly = new Y.Doc();
    Y.applyUpdate(readOnly, new Uint8Array(await opened.arrayBuffer()));
    expect(snapshotOf(readOnly)).toBe(v1Snapshot);
    const live = new Y.Doc();
    Y.applyUpdate(live, new Uint8Array(await (await call(`${b.boardId}/versions/current/update`)).arrayBuffer()));
    expect(snapshotOf(live)).toBe(v2Snapshot);

    // Comparing: a readable summary per section.
    const changes = await diff(b.boardId, 1, 2);
    expect(changes.meta).toEqual([{ field: 'title', before: 'Northfield plan', after: 'Northfield plan (workshop)' }]);
    expect(changes.map.layers).toEqual([
      {
        layerId: b.layer,
        name: 'GP surgeries',
        change: 'changed',
        fields: [{ field: 'name', before: 'GP practices', after: 'GP surgeries' }],
        features: {
          added: [{ id: pharmacy, label: 'West Heath Pharmacy' }],
          removed: [{ id: b.clinic, label: 'Bell Lane' }],
          moved: [{ id: b.gp, label: 'Hawkesley Surgery' }],
          edited: [],
        },
      },
    ]);
    expect(changes.purposes).toEqual([
      {
        id: b.purpose,
        title: 'Healthy ageing',
        change: 'changed',
        fields: [],
        text: [
          { op: 'same', text: 'Help older people stay well at home.\n' },
          { op: 'added', text: 'Fewer falls.' },
        ],
      },
    ]);
    expect(changes.outcomes.map((o) => [o.id, o.change, o.description?.filter((p) => p.op === 'added').map((p) => p.text)])).toEqual([
      [b.card, 'changed', ['emergency ', 'by a fifth']],
    ]);
    expect(changes.partners).toEqual([
      { id: b.nhs, organisation: 'Northfield PCN', change: 'changed', fields: [{ field: 'lead', before: '', after: 'Dr Rao' }] },
    ]);
    expect(changes.governance.map((g) => [g.id, g.title, g.change])).toEqual([[b.risk, 'Data arrives late', 'removed']]);
    expect((await diff(b.boardId, 2, 'current')).identical).toBe(true);
    expect((await diff(b.boardId, 'current', 1)).governance.map((g) => g.change)).toEqual(['added']);

    // Restoring version 1: saved first as version 3, then one change every client receives.
    const restored = await post(`${b.boardId}/versions/1/restore`, {});
    expect(restored.status).toBe(200);
    expect(await restored.json()).toEqual({ restored: 1, savedBefore: 3 });
    await waitUntil(() => snapshotOf(b.doc) === v1Snapshot);
    expect(snapshotOf(await storedDoc(server.store, b.boardId))).toBe(v1Snapshot);
    // The board list follows the restored title.
    expect((await (await call(b.boardId)).json()) as { title: string }).toMatchObject({ title: 'Northfield plan' });

    const after = await listVersions(b.boardId);
    expect(after.versions.map((v) => [v.number, v.name])).toEqual([
      [3, 'Before restoring version 1'],
      [2, 'After the workshop'],
      [1, 'First draft'],
    ]);
    // Nothing was lost: the board as it was before the restore is version 3, the same as version 2.
    expect((await diff(b.boardId, 2, 3)).identical).toBe(true);
    expect((await diff(b.boardId, 1, 'current')).identical).toBe(true);

    // The restore is in the audit log: the update, with the sections it touched, and the version lines.
    const audit = await auditLog(server, b.boardId);
    const restoreUpdate = audit.filter((e) => e.kind === 'update' && e.actorName === 'Test Owner').at(-1);
    expect(restoreUpdate?.roots).toEqual(expect.arrayContaining(['meta', 'features', 'governance', 'partners', 'purposes', 'canvas', 'layers']));
    expect(audit.filter((e) => e.kind === 'version').map((e) => e.detail)).toEqual([
      'saved version 1 "First draft"',
      'saved version 2 "After the workshop"',
      'saved version 3 "Before restoring version 1"',
      'restored version 1 "First draft" (the board as it was is version 3)',
    ]);
  });

  it('a restore while three clients edit leaves all three and the store converged on the restored board', async () => {
    const b = await seededBoard('Three people');
    const eddie = await addMember(server, b.boardId, 'Eddie Editor', 'editor');
    const erin = await addMember(server, b.boardId, 'Erin Editor', 'editor');
    const first = await connect(b.boardId, eddie);
    const second = await connect(b.boardId, erin);
    const everyone = [b.client, first, second];
    await waitForConvergence(everyone.map((c) => c.doc));
    const versionSnapshot = snapshotOf(b.doc);
    await saveVersion(b.boardId, 'Baseline');

    // Everyone edits, in different sections and the same records.
    updateCanvasItem(first.doc, b.card, { text: 'Fewer falls and fractures', target: '20%' }, { name: 'Eddie Editor' });
    updateLayer(second.doc, b.layer, { name: 'Surgeries', visible: false }, { name: 'Erin Editor' });
    addCanvasItem(second.doc, { kind: 'sticky', x: 10, y: 10, text: 'Ask pharmacies' }, { name: 'Erin Editor' });
    deleteFeature(b.doc, b.clinic);
    updatePartner(first.doc, b.nhs, { commitment: 'engaged' }, { name: 'Eddie Editor' });
    await waitForConvergence(everyone.map((c) => c.doc));
    await serverHas(b.boardId, b.client);
    expect(snapshotOf(b.doc)).not.toBe(versionSnapshot);

    // The restore is asked for while each client keeps adding stickies: some land before it (and are undone by it),
    // some after (and stay). Either way everyone must end on the same board.
    const restoring = post(`${b.boardId}/versions/1/restore`, {});
    const concurrent: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (const [i, client] of everyone.entries()) {
        concurrent.push(addCanvasItem(client.doc, { kind: 'sticky', x: round, y: i, text: `during restore ${round}.${i}` }, { name: `client ${i}` }));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const response = await restoring;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { savedBefore: number }).savedBefore).toBe(2);

    await waitForConvergence(everyone.map((c) => c.doc));
    await serverHas(b.boardId, b.client);
    const converged = snapshotOf(b.doc);
    for (const client of everyone) expect(snapshotOf(client.doc)).toBe(converged);
    expect(snapshotOf(await storedDoc(server.store, b.boardId))).toBe(converged);

    // What remains is the restored board plus the stickies added after the restore reached the server.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(b.doc));
    const { canvas } = getRoots(copy);
    for (const id of concurrent) canvas.delete(id);
    expect(snapshotOf(copy)).toBe(versionSnapshot);
    // Each edit made before the restore is undone.
    expect(getRoots(b.doc).canvas.get(b.card)?.get('text')).toBe('Fewer falls');
    expect(getRoots(b.doc).layers.get(b.layer)?.get('name')).toBe('GP practices');
    expect(getRoots(b.doc).features.has(b.clinic)).toBe(true);
    expect(getRoots(b.doc).partners.get(b.nhs)?.get('commitment')).toBe('unknown');
  });

  it('a version put forward is signed off partner by partner, becomes the Agreed plan, and cannot then be deleted', async () => {
    const b = await seededBoard('Sign-off');
    const council = addPartner(b.doc, { organisation: 'City Council', sector: 'local authority' }, owner);
    const vcse = addPartner(b.doc, { organisation: 'Age UK', sector: 'VCSE' }, owner);
    await serverHas(b.boardId, b.client);
    const nhsLead = await addMember(server, b.boardId, 'Nadia NHS', 'editor', b.nhs);
    const councilLead = await addMember(server, b.boardId, 'Colin Council', 'moderator', council);
    const vcseLead = await addMember(server, b.boardId, 'Vic VCSE', 'contributor', vcse);
    const unlinked = await addMember(server, b.boardId, 'Una Unlinked', 'editor');
    const viewer = await addMember(server, b.boardId, 'Vera Viewer', 'viewer', council);
    await saveVersion(b.boardId, 'Plan for agreement');

    // Not yet put forward: no sign-off.
    const early = await put(`${b.boardId}/versions/1/signoff`, { state: 'agreed' }, nhsLead);
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe('version_not_proposed');
    // Only those who edit the plan put a version forward.
    expect((await post(`${b.boardId}/versions/1/propose`, {}, vcseLead)).status).toBe(403);
    const proposed = await post(`${b.boardId}/versions/1/propose`, {});
    expect(proposed.status).toBe(200);
    expect(((await proposed.json()) as { version: VersionView }).version).toMatchObject({ status: 'proposed', proposedAt: expect.any(Number) });

    expect((await put(`${b.boardId}/versions/1/signoff`, { state: 'agreed' }, nhsLead)).status).toBe(200);
    expect((await put(`${b.boardId}/versions/1/signoff`, { state: 'agreed' }, councilLead)).status).toBe(200);
    let version = await getVersion(b.boardId, 1, vcseLead);
    expect(version.signoff).toMatchObject({ agreed: 2, concerns: 0, total: 3, pending: [{ partnerId: vcse, organisation: 'Age UK' }] });
    expect(version.status).toBe('proposed');

    // Concerns need a comment.
    const bare = await put(`${b.boardId}/versions/1/signoff`, { state: 'concerns' }, vcseLead);
    expect(bare.status).toBe(400);
    expect(await errorCode(bare)).toBe('validation_failed');
    expect((await put(`${b.boardId}/versions/1/signoff`, { state: 'concerns', comment: 'No VCSE funding line' }, vcseLead)).status).toBe(200);
    version = await getVersion(b.boardId, 1);
    expect(version.signoff).toMatchObject({ agreed: 2, concerns: 1, total: 3, pending: [] });
    expect(version.signoff.entries).toContainEqual({
      partnerId: vcse, organisation: 'Age UK', state: 'concerns', comment: 'No VCSE funding line', byName: 'Vic VCSE', at: expect.any(Number),
    });

    // People who do not speak for a partner of the version cannot sign it off.
    const noPartner = await put(`${b.boardId}/versions/1/signoff`, { state: 'agreed' }, unlinked);
    expect(noPartner.status).toBe(403);
    expect(((await noPartner.json()) as ErrorBody).error.message).toMatch(/partner organisation/);
    expect((await put(`${b.boardId}/versions/1/signoff`, { state: 'agreed' }, viewer)).status).toBe(403);
    const newcomer = addPartner(b.doc, { organisation: 'Fire service', sector: 'other' }, owner);
    await serverHas(b.boardId, b.client);
    const fireLead = await addMember(server, b.boardId, 'Fay Fire', 'editor', newcomer);
    const notInVersion = await put(`${b.boardId}/versions/1/signoff`, { state: 'agreed' }, fireLead);
    expect(notInVersion.status).toBe(403);
    expect(((await notInVersion.json()) as ErrorBody).error.message).toMatch(/not one of the partners in this version/);
    expect((await getVersion(b.boardId, 1)).signoff).toMatchObject({ agreed: 2, concerns: 1, total: 3 });

    // The last partner agrees: the Agreed plan.
    const last = await put(`${b.boardId}/versions/1/signoff`, { state: 'agreed', comment: 'Funding line added to the note' }, vcseLead);
    expect(last.status).toBe(200);
    version = ((await last.json()) as { version: VersionView }).version;
    expect(version).toMatchObject({ status: 'agreed', agreedAt: expect.any(Number), signoff: { agreed: 3, concerns: 0, total: 3 } });
    expect((await listVersions(b.boardId)).agreedPlan).toBe(1);

    const refused = await call(`${b.boardId}/versions/1`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe('version_agreed');
    expect((await listVersions(b.boardId)).versions.map((v) => v.number)).toEqual([1]);

    // A later concern takes the agreement back; then the version may be deleted.
    expect((await put(`${b.boardId}/versions/1/signoff`, { state: 'concerns', comment: 'Council budget cut' }, councilLead)).status).toBe(200);
    const reopened = await listVersions(b.boardId);
    expect(reopened.agreedPlan).toBeNull();
    expect(reopened.versions[0]).toMatchObject({ status: 'proposed', agreedAt: null, signoff: { agreed: 2, concerns: 1 } });
    expect((await call(`${b.boardId}/versions/1`, { method: 'DELETE' })).status).toBe(204);
    expect((await listVersions(b.boardId)).versions).toEqual([]);

    const details = (await auditLog(server, b.boardId)).filter((e) => e.kind === 'version').map((e) => e.detail);
    expect(details).toContain('Age UK agreed to version 1 "Plan for agreement"; every partner has agreed: it is the Agreed plan');
    expect(details).toContain('City Council raised concerns about version 1 "Plan for agreement"; it is no longer agreed');
    expect(details.at(-1)).toBe('deleted version 1 "Plan for agreement"');
  });

  it('refuses bad requests and roles that may not, and changes nothing when it does', async () => {
    const b = await seededBoard('Bad input');
    await saveVersion(b.boardId, 'Only version');
    const viewer = await addMember(server, b.boardId, 'Vic Viewer', 'viewer', b.nhs);
    const contributor = await addMember(server, b.boardId, 'Cody Contributor', 'contributor', b.nhs);
    const stored = await storedSnapshot(server.store, b.boardId);
    const versions = await listVersions(b.boardId);
    const auditLength = (await auditLog(server, b.boardId)).length;

    const cases: [string, () => Promise<Response>, number, string][] = [
      ['unknown version', () => call(`${b.boardId}/versions/99`), 404, 'not_found'],
      ['bad number', () => call(`${b.boardId}/versions/abc`), 404, 'not_found'],
      ['zero', () => call(`${b.boardId}/versions/0`), 404, 'not_found'],
      ['current is not a saved version', () => call(`${b.boardId}/versions/current`), 404, 'not_found'],
      ['update of an unknown version', () => call(`${b.boardId}/versions/99/update`), 404, 'not_found'],
      ['diff with an unknown version', () => call(`${b.boardId}/versions/1/diff/99`), 404, 'not_found'],
      ['diff with a bad number', () => call(`${b.boardId}/versions/x/diff/1`), 404, 'not_found'],
      ['restore an unknown version', () => post(`${b.boardId}/versions/99/restore`, {}), 404, 'not_found'],
      ['restore current', () => post(`${b.boardId}/versions/current/restore`, {}), 404, 'not_found'],
      ['propose an unknown version', () => post(`${b.boardId}/versions/7/propose`, {}), 404, 'not_found'],
      ['delete an unknown version', () => call(`${b.boardId}/versions/99`, { method: 'DELETE' }), 404, 'not_found'],
      ['unknown board', () => call(`nope/versions`), 404, 'not_found'],
      ['empty name', () => post(`${b.boardId}/versions`, { name: '  ', note: '' }), 400, 'validation_failed'],
      ['no name', () => post(`${b.boardId}/versions`, { note: 'x' }), 400, 'validation_failed'],
      ['long name', () => post(`${b.boardId}/versions`, { name: 'x'.repeat(201) }), 400, 'validation_failed'],
      ['long note', () => post(`${b.boardId}/versions`, { name: 'ok', note: 'x'.repeat(2001) }), 400, 'validation_failed'],
      ['not JSON', () => call(`${b.boardId}/versions`, { method: 'POST', body: '{name:' }), 400, 'invalid_json'],
      ['bad sign-off state', () => put(`${b.boardId}/versions/1/signoff`, { state: 'maybe' }, contributor), 400, 'validation_failed'],
      ['a viewer saves', () => post(`${b.boardId}/versions`, { name: 'Mine' }, viewer), 403, 'forbidden'],
      ['a viewer restores', () => post(`${b.boardId}/versions/1/restore`, {}, viewer), 403, 'forbidden'],
      ['a contributor restores', () => post(`${b.boardId}/versions/1/restore`, {}, contributor), 403, 'forbidden'],
      ['a contributor deletes', () => call(`${b.boardId}/versions/1`, { method: 'DELETE', auth: contributor }), 403, 'forbidden'],
      ['anonymous', () => fetch(`${server.url}/api/boards/${b.boardId}/versions`), 401, 'unauthenticated'],
    ];
    for (const [what, request, status, code] of cases) {
      const response = await request();
      expect(response.status, what).toBe(status);
      expect(await errorCode(response), what).toBe(code);
    }

    // Readers of the board may list, open and compare.
    expect((await listVersions(b.boardId, viewer)).versions).toHaveLength(1);
    expect((await call(`${b.boardId}/versions/1/diff/current`, { auth: viewer })).status).toBe(200);

    expect(await storedSnapshot(server.store, b.boardId)).toEqual(stored);
    expect(await listVersions(b.boardId)).toEqual(versions);
    expect((await auditLog(server, b.boardId)).length).toBe(auditLength);
  });
});
