import {
  BOARD_TEMPLATES,
  COMMUNITY_CSV_COLUMNS,
  GOVERNANCE_CSV_COLUMNS,
  addGovernanceEntry,
  addPartner,
  getBoardMeta,
  getPurposeFragment,
  listCanvasItems,
  listContributions,
  listGovernanceEntries,
  listPartners,
  listPurposes,
  newBoardId,
  setContributionStatus,
  updatePartner,
} from '@placeboard/board';
import { parseTable } from '@placeboard/geo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, createShareLink, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** The records of a CSV download, read with the import's own CSV reader (papaparse): header row, then one per line. */
function csvRecords(text: string): Record<string, string>[] {
  return parseTable(text).rows;
}

interface ErrorBody {
  error: { code: string; message: string };
}

describe('board templates, governance CSV and live partners', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  const author = { name: 'amy' };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  const connect = async (boardId: string) => {
    const client = await connectClient(server, boardId);
    clients.push(client);
    return client;
  };
  // Every request is the server owner's.
  const createBoard = (body: unknown) =>
    ownerFetch(server, `/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('GET /api/templates lists every template for the picker', async () => {
    const response = await ownerFetch(server, `/api/templates`);
    expect(response.status).toBe(200);
    const templates = (await response.json()) as { id: string; name: string; description: string }[];
    expect(templates.map((t) => t.id)).toEqual(['blank', 'neighbourhood-mdt']);
    for (const t of templates) expect(Object.keys(t).sort()).toEqual(['description', 'id', 'name']);
    expect(templates.length).toBe(BOARD_TEMPLATES.length);
  });

  it('a blank board (template given or not) starts empty', async () => {
    for (const body of [{ title: 'Blank' }, { title: 'Blank', template: 'blank' }]) {
      const response = await createBoard(body);
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      const { doc } = await connect(id);
      expect(getBoardMeta(doc).title).toBe('Blank');
      expect(listPurposes(doc)).toEqual([]);
      expect(listCanvasItems(doc)).toEqual([]);
      expect(listPartners(doc)).toEqual([]);
      expect(listGovernanceEntries(doc)).toEqual([]);
    }
  });

  it('a Neighbourhood MDT board arrives seeded by the server, seen by a real y-websocket client', async () => {
    const response = await createBoard({ title: 'Sale West MDT', template: 'neighbourhood-mdt' });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const { doc } = await connect(id);
    expect(getBoardMeta(doc)).toMatchObject({ title: 'Sale West MDT', template: 'neighbourhood-mdt' });
    const purposes = listPurposes(doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(purposes).toHaveLength(1);
    expect(getPurposeFragment(doc, purposes[0]!.id)!.toString()).toContain('Who the MDT is for');
    const items = listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(items.filter((i) => i.kind === 'frame').map((i) => i.text)).toEqual(['Prevention', 'Proactive care', 'Urgent response']);
    const partners = listPartners(doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(partners.map((p) => p.organisation)).toContain('Add your GP practice(s)');
    expect(partners.every((p) => p.commitment === 'unknown' && p.createdBy === 'Placeboard template')).toBe(true);
    const entries = listGovernanceEntries(doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['decision', 'data-sharing', 'risk']));
    expect(entries.map((e) => e.title)).toContain('Decision: agree the cohort');
  });

  it('an unknown template is a 400 validation_failed and creates no board', async () => {
    const before = ((await (await ownerFetch(server, `/api/boards`)).json()) as unknown[]).length;
    for (const template of ['nope', 42, '']) {
      const response = await createBoard({ title: 'Bad', template });
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toContain('template');
    }
    expect(((await (await ownerFetch(server, `/api/boards`)).json()) as unknown[]).length).toBe(before);
  });

  it('GET governance.csv: one CSV, a kind column and every field, quoted and formula-guarded', async () => {
    const boardId = await createBoardViaApi(server, 'Governance, "quoted"');
    const { doc } = await connect(boardId);
    addGovernanceEntry(doc, { kind: 'decision', title: 'Agree cohort, frailty', decidedBy: 'Board', decidedOn: '2026-03-01', rationale: 'line one\nline two' }, author);
    addGovernanceEntry(doc, { kind: 'data-sharing', title: '=HYPERLINK("http://evil")', lawfulBasis: '6(1)(e)', includesHealthData: true, article9Condition: '9(2)(h)', dpiaStatus: 'complete' }, author);
    addGovernanceEntry(doc, { kind: 'risk', title: 'Turnover', likelihood: 4, impact: 5, owner: '@owner', mitigation: '-rota' }, author);
    // The server holds the same doc once the client's updates have been applied to its room.
    await waitUntil(async () => (await ownerFetch(server, `/api/boards/${boardId}/governance.csv`).then((r) => r.text())).split('\n').length >= 5);

    const response = await ownerFetch(server, `/api/boards/${boardId}/governance.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.csv"$/);
    const text = await response.text();
    expect(text.split('\n')[0]).toBe(GOVERNANCE_CSV_COLUMNS.join(','));
    expect(text).toContain('"Agree cohort, frailty"');
    expect(text).toContain('"line one\nline two"');

    const rows = csvRecords(text);
    expect(rows.map((r) => r.kind)).toEqual(['decision', 'data-sharing', 'risk']);
    expect(rows[0]).toMatchObject({ title: 'Agree cohort, frailty', rationale: 'line one\nline two', decidedBy: 'Board', decidedOn: '2026-03-01' });
    expect(rows[1]).toMatchObject({ title: `'=HYPERLINK("http://evil")`, includesHealthData: 'true', article9Condition: '9(2)(h)', dpiaStatus: 'complete', score: '' });
    expect(rows[2]).toMatchObject({ likelihood: '4', impact: '5', score: '20', rating: 'High', owner: "'@owner", mitigation: "'-rota", decidedBy: '' });
  });

  it('GET community.csv: every contribution with its status and link for a moderator; the published ones only for a viewer', async () => {
    const boardId = await createBoardViaApi(server, 'Community export');
    const link = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Sale residents' });
    const ids: string[] = [];
    for (const [category, text] of [['barrier', '=cmd|" /C calc"!A0 no lift, no way in'], ['helps', 'The library, warm and open late']]) {
      const posted = await fetch(`${server.url}/api/community/${link.token}/contributions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ point: [-2.3185, 53.4245], category, text }),
      });
      expect(posted.status).toBe(201);
      ids.push(((await posted.json()) as { id: string }).id);
    }
    const { doc } = await connect(boardId);
    await waitUntil(() => listContributions(doc).length === 2);
    setContributionStatus(doc, ids[1]!, 'published', author);
    const ownerRows = async () => csvRecords(await (await ownerFetch(server, `/api/boards/${boardId}/community.csv`)).text());
    await waitUntil(async () => (await ownerRows()).some((row) => row.status === 'published'));

    const response = await ownerFetch(server, `/api/boards/${boardId}/community.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Community-export-community-knowledge.csv"');
    const text = await response.text();
    expect(text.split('\n')[0]).toBe(COMMUNITY_CSV_COLUMNS.join(','));
    const rows = csvRecords(text);
    expect(rows.map((row) => [row.kind, row.status])).toEqual(
      expect.arrayContaining([['Barrier to access', 'pending'], ['Place that helps', 'published']]),
    );
    const barrier = rows.find((row) => row.kind === 'Barrier to access')!;
    expect(barrier).toMatchObject({ text: `'=cmd|" /C calc"!A0 no lift, no way in`, where: 'At 53.4245° N, 2.3185° W', longitude: '-2.3185', latitude: '53.4245', madeInto: '' });
    expect(barrier.from).toContain('Sale residents');
    expect(barrier.added).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    // A viewer sees what their Community pane shows: the published one, and nothing about where it came from.
    const viewer = await addMember(server, boardId, 'Vic Viewer', 'viewer');
    const forViewer = await (await fetch(`${server.url}/api/boards/${boardId}/community.csv`, { headers: viewer.headers })).text();
    expect(forViewer.split('\n')[0]).toBe('kind,text,where,longitude,latitude,added,id');
    expect(csvRecords(forViewer).map((row) => row.text)).toEqual(['The library, warm and open late']);
    expect(forViewer).not.toContain('Sale residents');
  });

  it('governance.csv of an unknown or malformed board id is a 404', async () => {
    for (const id of [newBoardId(), 'not-a-board-id']) {
      const response = await ownerFetch(server, `/api/boards/${id}/governance.csv`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorBody).error.code).toBe('not_found');
    }
  });

  it('a partner added and edited in one client is seen live in another', async () => {
    const boardId = await createBoardViaApi(server, 'Partners live');
    const a = await connect(boardId);
    const b = await connect(boardId);
    const id = addPartner(a.doc, { organisation: 'Age UK Trafford', sector: 'VCSE', contact: 'Service manager, info@example.org' }, author);
    await waitUntil(() => listPartners(b.doc).length === 1);
    updatePartner(a.doc, id, { sector: 'community', commitment: 'committed', lead: 'Chief executive' }, author);
    await waitUntil(() => {
      const first = listPartners(b.doc)[0];
      return first?.ok === true && first.value.commitment === 'committed';
    });
    expect(listPartners(b.doc)[0]).toMatchObject({ ok: true, value: { id, organisation: 'Age UK Trafford', sector: 'community', lead: 'Chief executive', contact: 'Service manager, info@example.org' } });
    // And back the other way: b's edit reaches a.
    updatePartner(b.doc, id, { notes: 'Runs the befriending service' }, author);
    await waitUntil(() => {
      const first = listPartners(a.doc)[0];
      return first?.ok === true && first.value.notes === 'Runs the befriending service';
    });
  });
});
