import http from 'node:http';
import {
  addFeature,
  addLayer,
  getContribution,
  getRoots,
  setContributionStatus,
  type Author,
  type BoardId,
  type CommunityContribution,
} from '@placeboard/board';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditLog } from '../helpers/access.js';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { handshake, openRawSocket, type RawSocket } from '../helpers/raw-websocket.js';
import {
  addMember,
  createBoardViaApi,
  createShareLink,
  ownerFetch,
  startTestServer,
  type Auth,
  type TestServer,
} from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

const mo: Author = { name: 'Mo Moderator' };

interface PublicView {
  title: string;
  categories: { id: string; label: string }[];
  maxTextLength: number;
  viewport: unknown;
  bounds: [number, number, number, number] | null;
  layers: { id: string; name: string; data: { type: string; features: { id: string; properties: Record<string, unknown> }[] } }[];
  contributions: Record<string, unknown>[];
}

/** A JSON body as the community page sends it: no cookie, no Authorization, only the token in the path. */
function postContribution(server: TestServer, token: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/community/${token}/contributions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function publicView(server: TestServer, token: string): Promise<PublicView> {
  const response = await fetch(`${server.url}/api/community/${token}`);
  expect(response.status).toBe(200);
  return (await response.json()) as PublicView;
}

function contributionIn(client: SyncClient, id: string): CommunityContribution | undefined {
  const result = getContribution(client.doc, id);
  return result?.ok ? result.value : undefined;
}

const valid = { point: [-2.2885, 53.4575], category: 'service-gap', text: 'No evening GP appointments near the Stretford Road flats' };

describe('the community lane: public page, posts, moderation over the WebSocket', () => {
  let server: TestServer;
  let boardId: string;
  let link: Auth & { linkId: string; url: string };
  let moderator: SyncClient;
  const clients: SyncClient[] = [];
  const sockets: RawSocket[] = [];

  beforeAll(async () => {
    // Enough posts an hour for every test in this block; the limit itself is tested on a server of its own below.
    server = await startTestServer({ COMMUNITY_POSTS_PER_HOUR: '1000' });
    boardId = await createBoardViaApi(server, 'Old Trafford neighbourhood plan');
    link = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Old Trafford residents group' });
    moderator = await connectClient(server, boardId, { auth: await addMember(server, boardId, 'Mo Moderator', 'moderator') });
    clients.push(moderator);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  it('gives the link a /c/ URL, and the public page the title, categories, map view and nothing unpublished', async () => {
    expect(new URL(link.url).pathname).toBe(`/c/${link.token}`);
    const view = await publicView(server, link.token);
    expect(view.title).toBe('Old Trafford neighbourhood plan');
    expect(view.categories.map((c) => [c.id, c.label])).toEqual([
      ['service-gap', 'Service gap'],
      ['helps', 'Place that helps'],
      ['barrier', 'Barrier to access'],
      ['idea', 'Idea'],
    ]);
    expect(view.maxTextLength).toBe(1000);
    expect(view.layers).toEqual([]);
    expect(view.contributions).toEqual([]);
    expect(view.bounds).toBeNull();
  });

  it('shows only the layers an editor published, with their features as GeoJSON', async () => {
    const published = addLayer(moderator.doc, { name: 'GP practices', kind: 'assets', style: { colour: '#005eb8' }, published: true }, mo);
    addFeature(moderator.doc, { layerId: published, geometry: { type: 'Point', coordinates: [-2.3, 53.45] }, properties: { name: 'Old Trafford Medical Practice' } }, mo);
    const secret = addLayer(moderator.doc, { name: 'Safeguarding referrals', kind: 'assets', style: { colour: '#8a1538' } }, mo);
    addFeature(moderator.doc, { layerId: secret, geometry: { type: 'Point', coordinates: [-2.31, 53.46] }, properties: { name: 'Do not publish' } }, mo);
    await waitUntil(async () => (await publicView(server, link.token)).layers.length === 1);
    const view = await publicView(server, link.token);
    expect(view.layers[0]).toMatchObject({ id: published, name: 'GP practices', data: { type: 'FeatureCollection' } });
    expect(view.layers[0]!.data.features.map((f) => f.properties.name)).toEqual(['Old Trafford Medical Practice']);
    expect(JSON.stringify(view)).not.toContain('Do not publish');
    expect(view.bounds).toEqual([-2.3, 53.45, -2.3, 53.45]);
  });

  it('a post arrives pending in a moderator’s doc, and reaches the public page only once the moderator publishes it', async () => {
    const response = await postContribution(server, link.token, valid);
    expect(response.status).toBe(201);
    const { id, status } = (await response.json()) as { id: string; status: string };
    expect(status).toBe('pending');

    await waitUntil(() => contributionIn(moderator, id) !== undefined);
    expect(contributionIn(moderator, id)).toMatchObject({
      ...valid,
      status: 'pending',
      createdBy: 'Community (Old Trafford residents group)',
    });
    expect((await publicView(server, link.token)).contributions).toEqual([]);

    // Written as the link, audited as the link: never as a person.
    const audited = (await auditLog(server, boardId)).find((line) => line.records.includes(`community/${id}`));
    expect(audited).toMatchObject({ actor: `link:${link.linkId}`, actorName: 'Community (Old Trafford residents group)', roots: ['community'] });

    setContributionStatus(moderator.doc, id, 'published', mo);
    await waitUntil(async () => (await publicView(server, link.token)).contributions.length === 1);
    const [shown] = (await publicView(server, link.token)).contributions;
    expect(Object.keys(shown!).sort()).toEqual(['category', 'createdAt', 'id', 'point', 'text']);
    expect(shown).toMatchObject({ id, ...valid });
    const raw = JSON.stringify(await publicView(server, link.token));
    expect(raw).not.toContain('residents group');
    expect(raw).not.toContain('createdBy');
    expect(raw).not.toContain(link.linkId);

    // Hidden again: gone from the public page.
    setContributionStatus(moderator.doc, id, 'hidden', mo);
    await waitUntil(async () => (await publicView(server, link.token)).contributions.length === 0);
  });

  it.each([
    ['a missing category', { point: valid.point, text: valid.text }, /category: choose a category/],
    ['an unknown category', { ...valid, category: 'complaint' }, /category: must be one of: service-gap, helps, barrier, idea/],
    ['1,001 characters of text', { ...valid, text: 'x'.repeat(1001) }, /text: must be 1,000 characters or fewer/],
    ['only spaces as text', { ...valid, text: '   ' }, /text: write what you know/],
    ['no text', { point: valid.point, category: valid.category }, /text: write what you know/],
    ['a longitude beyond 180', { ...valid, point: [181, 53.4] }, /point\.0: longitude must be between -180 and 180/],
    ['a latitude beyond 90', { ...valid, point: [-2.3, 95] }, /point\.1: latitude must be between -90 and 90/],
    ['a point as text', { ...valid, point: '-2.3,53.4' }, /point: give the place as \[longitude, latitude\]/],
    ['a point with one number', { ...valid, point: [-2.3] }, /point/],
  ])('refuses %s with a 400 saying what is wrong, and stores nothing', async (_label, body, message) => {
    const before = getRoots(moderator.doc).community.size;
    const response = await postContribution(server, link.token, body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(message);
    await expectNothingStoredSince(before);
  });

  it('refuses a body that is not JSON with a 400, and stores nothing', async () => {
    const before = getRoots(moderator.doc).community.size;
    for (const body of ['point=1,2&text=hello', '{"point": [1, 2], "text": ', '']) {
      const response = await postContribution(server, link.token, body);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_json');
      expect(error.message).toMatch(/JSON/);
    }
    await expectNothingStoredSince(before);
  });

  it('ignores fields it does not ask for: a name or an email sent anyway is never stored', async () => {
    const response = await postContribution(server, link.token, { ...valid, name: 'Jo Bloggs', email: 'jo@example.org', createdBy: 'Jo', status: 'published' });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await waitUntil(() => contributionIn(moderator, id) !== undefined);
    const stored = getRoots(moderator.doc).community.get(id)!.toJSON();
    expect(stored.status).toBe('pending');
    expect(JSON.stringify(stored)).not.toMatch(/Jo Bloggs|jo@example\.org/);
  });

  it('stores script-looking text as plain text, and answers it as JSON text', async () => {
    const text = '<img src=x onerror="alert(1)"><script>alert(document.cookie)</script> & "quotes"';
    const response = await postContribution(server, link.token, { ...valid, category: 'idea', text });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await waitUntil(() => contributionIn(moderator, id) !== undefined);
    expect(contributionIn(moderator, id)!.text).toBe(text);
    setContributionStatus(moderator.doc, id, 'published', mo);
    await waitUntil(async () => (await publicView(server, link.token)).contributions.some((c) => c.id === id));
    const answer = await fetch(`${server.url}/api/community/${link.token}`);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const view = (await answer.json()) as PublicView;
    expect(view.contributions.find((c) => c.id === id)!.text).toBe(text);
  });

  it('a community link token opens neither the board’s WebSocket nor its API', async () => {
    const attempts: [string, Record<string, string>][] = [
      [`/sync/${boardId}`, { Authorization: `Bearer ${link.token}` }],
      [`/sync/${boardId}?token=${encodeURIComponent(link.token)}`, {}],
    ];
    for (const [path, headers] of attempts) {
      const raw = await openRawSocket(server.port);
      sockets.push(raw);
      const upgrade = await handshake(raw, path, headers);
      expect([401, 403, 404]).toContain(upgrade.status);
    }
    for (const path of [`/api/boards/${boardId}`, `/api/boards/${boardId}/access`, `/api/boards/${boardId}/members`, `/api/boards/${boardId}/export.geojson`]) {
      const response = await fetch(`${server.url}${path}`, { headers: link.headers });
      expect([401, 403, 404], path).toContain(response.status);
      expect(JSON.stringify(await response.json().catch(() => ({})))).not.toContain('Old Trafford neighbourhood plan');
    }
    const boards = await fetch(`${server.url}/api/boards`, { headers: link.headers });
    if (boards.status === 200) expect(await boards.json()).toEqual([]);
  });

  it('a revoked link, an unknown token and a board link all answer 410 link_expired, and store nothing', async () => {
    const doomed = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Short-lived' });
    expect((await postContribution(server, doomed.token, valid)).status).toBe(201);
    expect((await ownerFetch(server, `/api/boards/${boardId}/links/${doomed.linkId}`, { method: 'DELETE' })).status).toBe(204);
    const boardLink = await createShareLink(server, boardId, { role: 'contributor', label: 'Board guests' });
    const before = getRoots(moderator.doc).community.size;
    for (const token of [doomed.token, 'no-such-token', boardLink.token]) {
      const page = await fetch(`${server.url}/api/community/${encodeURIComponent(token)}`);
      expect(page.status).toBe(410);
      expect(((await page.json()) as { error: { code: string } }).error.code).toBe('link_expired');
      const post = await postContribution(server, encodeURIComponent(token), valid);
      expect(post.status).toBe(410);
      expect((await post.json()) as unknown).toMatchObject({ error: { code: 'link_expired', message: expect.stringMatching(/expired or been withdrawn/) } });
    }
    await expectNothingStoredSince(before);
  });

  /**
   * Nothing reached the board since it held `before` contributions: a valid post made now arrives, and is the only
   * new one (the room handles posts in order, so anything stored earlier would have arrived first).
   */
  async function expectNothingStoredSince(before: number): Promise<void> {
    const response = await postContribution(server, link.token, { ...valid, text: 'Marker post' });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await waitUntil(() => contributionIn(moderator, id) !== undefined);
    expect(getRoots(moderator.doc).community.size).toBe(before + 1);
  }
});

/** A POST sent from a given loopback address (127.0.0.2 is another IP to the server, on the same machine). */
function postFrom(
  localAddress: string,
  server: TestServer,
  token: string,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${server.url}/api/community/${token}/contributions`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

describe('community posts are limited per IP address and per link, and accepted posts are kept', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    // The default limit: 20 posts an hour.
    server = await startTestServer();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  it('accepts exactly 20 of a burst of 25 from one IP, refuses 5 with 429 and Retry-After, and keeps all 20', async () => {
    const boardId = await createBoardViaApi(server, 'Burst board');
    const link = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Burst group' });
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => postFrom('127.0.0.1', server, link.token, { ...valid, text: `Post number ${i + 1}` })),
    );
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 429);
    expect(accepted).toHaveLength(20);
    expect(refused).toHaveLength(5);
    for (const answer of refused) {
      expect(JSON.parse(answer.body)).toEqual({
        error: {
          code: 'rate_limited',
          message: 'You have added a lot of local knowledge in the last hour. Please wait a little and try again.',
        },
      });
      const retryAfter = Number(answer.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }

    const ids = accepted.map((a) => (JSON.parse(a.body) as { id: string }).id);
    const owner = await connectClient(server, boardId);
    clients.push(owner);
    const { community } = getRoots(owner.doc);
    expect(community.size).toBe(20);
    expect([...community.keys()].sort()).toEqual([...ids].sort());
    const texts = [...community.values()].map((record) => record.get('text'));
    expect(new Set(texts).size).toBe(20);
    // Stored, not merely applied: the board as the store holds it has them all.
    const stored = await server.store.loadDocument(boardId as BoardId);
    const replay = new Y.Doc();
    if (stored?.state) Y.applyUpdate(replay, stored.state);
    for (const update of stored?.updates ?? []) Y.applyUpdate(replay, update);
    expect([...getRoots(replay).community.keys()].sort()).toEqual([...ids].sort());
  });

  it('a link that has had its 20 refuses a 21st from a fresh IP, while that IP may still post through another link', async () => {
    const boardId = await createBoardViaApi(server, 'Busy link board');
    const busy = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Busy group' });
    const other = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Quiet group' });
    // 127.0.0.1 has spent its allowance in the test above: the link's 20 come from 127.0.0.3.
    for (let i = 0; i < 20; i += 1) expect((await postFrom('127.0.0.3', server, busy.token, valid)).status).toBe(201);
    expect((await postFrom('127.0.0.2', server, busy.token, valid)).status).toBe(429);
    expect((await postFrom('127.0.0.2', server, other.token, valid)).status).toBe(201);
    expect((await postFrom('127.0.0.1', server, other.token, valid)).status).toBe(429);
  });
});

describe('behind a trusted proxy (TRUST_PROXY), each forwarded client has its own allowance', () => {
  let server: TestServer;
  // 127.0.0.5 plays the load balancer; 127.0.0.6 is a client that talks to the server directly.
  const proxy = '127.0.0.5';

  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: proxy });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('counts posts through the proxy by the X-Forwarded-For client, and ignores the header from anyone else', async () => {
    const boardId = await createBoardViaApi(server, 'Proxied board');
    const links = await Promise.all(
      [1, 2, 3].map((n) => createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: `Group ${n}` })),
    );
    const [first, second, third] = links.map((link) => link.token) as [string, string, string];
    const forwarded = (client: string) => ({ 'x-forwarded-for': client });
    // A phone at 10.1.1.1 uses up its 20 through the proxy...
    for (let i = 0; i < 20; i += 1) expect((await postFrom(proxy, server, first, valid, forwarded('10.1.1.1'))).status).toBe(201);
    expect((await postFrom(proxy, server, second, valid, forwarded('10.1.1.1'))).status).toBe(429);
    // ...while another phone behind the same proxy still may post, and so may the proxy's other clients.
    expect((await postFrom(proxy, server, second, valid, forwarded('10.2.2.2'))).status).toBe(201);
    // The rightmost address not a trusted proxy counts: a client cannot pick its own by adding to the header.
    expect((await postFrom(proxy, server, second, valid, forwarded('10.9.9.9, 10.1.1.1'))).status).toBe(429);

    // Straight to the server, the header is not believed: 127.0.0.6 is counted as itself, whatever it claims.
    for (let i = 0; i < 20; i += 1) expect((await postFrom('127.0.0.6', server, third, valid, forwarded(`10.3.3.${i}`))).status).toBe(201);
    expect((await postFrom('127.0.0.6', server, second, valid, forwarded('10.4.4.4'))).status).toBe(429);
  });
});
