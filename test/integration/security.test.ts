import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  addCanvasItem,
  addCommentThread,
  addPartner,
  addPurpose,
  getBoardMeta,
  getRoots,
  listThreads,
  newRecordId,
  setBoardTitle,
  type BoardId,
  type Role,
} from '@placeboard/board';
import { CloseCode } from '@placeboard/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditLog, memberIdOf, openRoleSocket, type RoleSocket } from '../helpers/access.js';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { handshake, openRawSocket, parseResponseHead } from '../helpers/raw-websocket.js';
import {
  REPO_ROOT,
  TEST_OWNER,
  addMember,
  authOf,
  createBoardViaApi,
  createShareLink,
  ownerFetch,
  sessionTokenOf,
  startTestServer,
  tempDir,
  type Auth,
  type TestServer,
} from '../helpers/server.js';
import { storedSnapshot } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * The access layer under attack: forged, expired and revoked credentials, access withdrawn while a socket is open,
 * role escalation over HTTP and over the WebSocket, CSRF with the session cookie, password guessing, path traversal
 * on the static routes, secrets at rest, community links, and invitations used twice.
 */

/** The SQLite driver the server uses, loaded from the server package (the test package does not depend on it). */
const Database = createRequire(path.join(REPO_ROOT, 'server/package.json'))('better-sqlite3') as new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => { prepare(sql: string): { all(): Record<string, unknown>[] }; close(): void };

/** What the store keeps of a token (see server/src/auth/tokens.ts): SHA-256, base64url. */
const hashOf = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** A made-up 43-character token, shaped like a real one. */
const forgedToken = (): string => randomBytes(32).toString('base64url');

/** Marker written into files outside the web app folder: no response may ever contain it. */
const SECRET = 'PLACEBOARD-SECRET-OUTSIDE-WEB-DIST';

/**
 * A web app folder at `root/web/dist` inside a tree with secrets at every level above it (named like the repository's
 * own files), so that any path that climbs out of the folder finds one.
 */
function fakeWebTree(): { webDist: string; asset: string } {
  const root = tempDir('placeboard-traversal-');
  const files: Record<string, string> = {
    'secret.txt': SECRET,
    'package.json': JSON.stringify({ name: SECRET }),
    'server/src/main.ts': `// ${SECRET}\nimport { startServer } from './server.js';`,
    'web/secret.txt': SECRET,
    'web/package.json': JSON.stringify({ name: SECRET }),
    'web/server/src/main.ts': `// ${SECRET}`,
    'web/dist/index.html': '<!doctype html><title>Placeboard shell</title><div id="root"></div>',
    'web/dist/assets/app.js': 'console.log("the real asset");',
    'web/dist/basemap/style.json': '{"version":8,"sources":{},"layers":[]}',
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return { webDist: path.join(root, 'web/dist'), asset: 'console.log("the real asset");' };
}

/** Sends one GET over plain TCP exactly as written (no URL normalisation) and returns status and body. */
async function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const raw = await openRawSocket(port);
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  raw.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n`);
  await raw.closed;
  const response = parseResponseHead(raw.received());
  return { status: response.status, body: response.rest.toString('latin1') };
}

/** The status a WebSocket upgrade of `target` gets (101 when it is taken; the socket is closed again). */
async function upgradeStatus(server: TestServer, target: string, headers: Record<string, string> = {}): Promise<number> {
  const raw = await openRawSocket(server.port);
  try {
    return (await handshake(raw, target, headers)).status;
  } finally {
    raw.destroy();
  }
}

describe('security', () => {
  let server: TestServer;
  let boardId: BoardId;
  let webDist: { webDist: string; asset: string };
  const clients: SyncClient[] = [];
  const sockets: RoleSocket[] = [];

  beforeAll(async () => {
    webDist = fakeWebTree();
    server = await startTestServer({ WEB_DIST: webDist.webDist });
  });

  afterAll(async () => {
    await server?.close();
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.ws.terminate();
  });

  const newBoard = async (title = 'Security board'): Promise<BoardId> => (await createBoardViaApi(server, title)) as BoardId;
  const get = (auth: Auth | null, url: string) => fetch(`${server.url}${url}`, { headers: auth ? auth.headers : {} });
  const send = (auth: Auth, method: string, url: string, body?: unknown) =>
    fetch(`${server.url}${url}`, {
      method,
      headers: { ...auth.headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const errorCode = async (response: Response): Promise<string> => ((await response.json()) as { error: { code: string } }).error.code;
  const roomIdle = async (id: BoardId): Promise<void> => {
    await (await server.rooms.peek(id))?.idle();
  };
  const connect = async (id: BoardId, auth: Auth): Promise<SyncClient> => {
    const client = await connectClient(server, id, { auth });
    clients.push(client);
    return client;
  };

  describe('forged, expired and revoked credentials', () => {
    it('a forged token gets 401 over HTTP and a refused upgrade (401), as a Bearer, a ?token= and a cookie', async () => {
      boardId = await newBoard();
      const forged = authOf(forgedToken());
      expect(forged.token).toHaveLength(43);
      for (const url of ['/api/boards', `/api/boards/${boardId}`, `/api/boards/${boardId}/access`, `/api/boards/${boardId}/members`]) {
        const response = await get(forged, url);
        expect(response.status, url).toBe(401);
        expect(await errorCode(response)).toBe('unauthenticated');
      }
      expect((await send(forged, 'PATCH', `/api/boards/${boardId}`, { title: 'forged' })).status).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}`, forged.headers)).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}?token=${forged.token}`)).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}`, { Cookie: `placeboard_session=${forged.token}` })).toBe(401);
      // The same requests with the owner's real token pass: the refusals above are about the token.
      expect((await get(server.owner, `/api/boards/${boardId}`)).status).toBe(200);
      expect(await upgradeStatus(server, `/sync/${boardId}`, server.owner.headers)).toBe(101);
    });

    it('an expired share link is refused over HTTP, on the upgrade and at /s/:token', async () => {
      boardId = await newBoard();
      const expiresAt = Date.now() + 1500;
      const link = await createShareLink(server, boardId, { role: 'editor', expiresAt });
      // While it lasts it works.
      expect((await get(link, `/api/boards/${boardId}`)).status).toBe(200);
      expect(await upgradeStatus(server, `/sync/${boardId}?token=${link.token}`)).toBe(101);
      await waitUntil(() => Date.now() > expiresAt + 5, 50);
      const response = await get(link, `/api/boards/${boardId}`);
      expect(response.status).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}?token=${link.token}`)).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}`, link.headers)).toBe(401);
      const opened = await fetch(`${server.url}/s/${link.token}`, { redirect: 'manual' });
      expect(opened.status).toBe(410);
      expect(opened.headers.getSetCookie()).toEqual([]);
    });

    it("a revoked link is refused, and its live WebSocket is closed with 4401 by the DELETE; so is a browser session opened from it", async () => {
      boardId = await newBoard();
      const link = await createShareLink(server, boardId, { role: 'contributor', label: 'Friends of the park' });
      // A browser that opened the link holds a session bound to it.
      const opened = await fetch(`${server.url}/s/${link.token}`, { redirect: 'manual' });
      expect(opened.status).toBe(302);
      const linkSession = authOf(sessionTokenOf(opened));
      expect((await get(linkSession, `/api/boards/${boardId}`)).status).toBe(200);
      const live = await connect(boardId, link);
      const other = await connect(boardId, server.owner);

      const revoked = await send(server.owner, 'DELETE', `/api/boards/${boardId}/links/${link.linkId}`);
      expect(revoked.status).toBe(204);
      await waitUntil(() => live.closeCodes.length > 0);
      expect(live.closeCodes).toEqual([CloseCode.accessChanged]);
      // Only that link's socket went.
      await roomIdle(boardId);
      expect(other.closeCodes).toEqual([]);
      expect(other.provider.wsconnected).toBe(true);

      expect((await get(link, `/api/boards/${boardId}`)).status).toBe(401);
      expect((await get(linkSession, `/api/boards/${boardId}`)).status).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}?token=${link.token}`)).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}`, linkSession.headers)).toBe(401);
      expect((await fetch(`${server.url}/s/${link.token}`, { redirect: 'manual' })).status).toBe(410);
    });
  });

  describe('names', () => {
    it("a share-link visitor who names themselves after a member is shown, and audited, as a guest, never as the member", async () => {
      const id = await newBoard('Names board');
      const member = await addMember(server, id, 'Priya Shah', 'editor');
      const link = await createShareLink(server, id, { role: 'editor', label: 'Workshop' });
      const opened = await fetch(`${server.url}/s/${link.token}`, { redirect: 'manual' });
      const visitor = authOf(sessionTokenOf(opened));
      expect((await send(visitor, 'PUT', '/api/session/name', { name: 'Priya Shah' })).status).toBe(200);

      const priya = await connect(id, member);
      const impostor = await connect(id, visitor);
      // As the other one sees it: the server writes the name into each entry it passes on.
      const nameOf = (client: SyncClient) =>
        ((client === priya ? impostor : priya).provider.awareness.getStates().get(client.doc.clientID) as { user?: { name?: string } } | undefined)
          ?.user?.name;
      priya.provider.awareness.setLocalStateField('pane', 'map');
      impostor.provider.awareness.setLocalStateField('pane', 'map');
      // The visitor's client claims the member's name outright; the server writes the session's name over it.
      impostor.provider.awareness.setLocalStateField('user', { name: 'Priya Shah', color: '#005eb8' });
      await waitUntil(() => nameOf(impostor) !== undefined && nameOf(priya) !== undefined);
      expect(nameOf(impostor)).toBe('Priya Shah (guest)');
      expect(nameOf(priya)).toBe('Priya Shah');

      addCanvasItem(impostor.doc, { kind: 'sticky', x: 0, y: 0, text: 'agreed' }, { name: 'Priya Shah' });
      await waitUntil(async () => (await auditLog(server, id)).some((line) => line.actor.startsWith('link:')));
      const visitorLines = (await auditLog(server, id)).filter((line) => line.actor.startsWith('link:'));
      expect(visitorLines.map((line) => line.actorName)).toEqual(visitorLines.map(() => 'Priya Shah (guest)'));
    });
  });

  describe('presence keys', () => {
    it("every tab of one person carries the key their access gives them, on this board only, and nobody can take another's", async () => {
      const id = await newBoard('Keys board');
      const member = await addMember(server, id, 'Priya Shah', 'editor');
      const link = await createShareLink(server, id, { role: 'editor', label: 'Workshop' });
      const visitor = authOf(sessionTokenOf(await fetch(`${server.url}/s/${link.token}`, { redirect: 'manual' })));
      const access = (await (await get(member, `/api/boards/${id}/access`)).json()) as { actor: string; presenceKey: string };
      expect(access.presenceKey).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(access.presenceKey).not.toContain(access.actor.slice('user:'.length));

      const [firstTab, secondTab, impostor, observer] = await Promise.all([connect(id, member), connect(id, member), connect(id, visitor), connect(id, server.owner)]);
      // As the observer sees each of them: the server writes the key into each entry it passes on.
      const keyOf = (client: SyncClient) =>
        (observer.provider.awareness.getStates().get(client.doc.clientID) as { user?: { key?: string } } | undefined)?.user?.key;
      firstTab.provider.awareness.setLocalStateField('pane', 'map');
      secondTab.provider.awareness.setLocalStateField('pane', 'outcomes');
      // The visitor's client claims the member's key outright.
      impostor.provider.awareness.setLocalStateField('user', { name: 'Priya Shah', color: '#005eb8', key: access.presenceKey });
      await waitUntil(() => [firstTab, secondTab, impostor].every((client) => keyOf(client) !== undefined));
      expect(keyOf(firstTab)).toBe(access.presenceKey);
      expect(keyOf(secondTab)).toBe(access.presenceKey);
      expect(keyOf(impostor)).not.toBe(access.presenceKey);
      expect(keyOf(impostor)).toBe(((await (await get(visitor, `/api/boards/${id}/access`)).json()) as { presenceKey: string }).presenceKey);

      // On another board the same person has another key.
      const other = await newBoard('Other keys board');
      await addMember(server, other, 'Priya Shah', 'editor');
      const elsewhere = (await (await get(member, `/api/boards/${other}/access`)).json()) as { actor: string; presenceKey: string };
      expect(elsewhere.actor).toBe(access.actor);
      expect(elsewhere.presenceKey).not.toBe(access.presenceKey);
    });
  });

  describe('access withdrawn or changed while connected', () => {
    it('a share link that expires while its socket is open: the socket is closed with 4401 then', async () => {
      boardId = await newBoard();
      const expiresAt = Date.now() + 1500;
      const link = await createShareLink(server, boardId, { role: 'editor', expiresAt });
      const live = await connect(boardId, link);
      const other = await connect(boardId, server.owner);
      await waitUntil(() => live.closeCodes.length > 0, 50);
      expect(live.closeCodes).toEqual([CloseCode.accessChanged]);
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
      expect(other.closeCodes).toEqual([]);
    });

    it("a browser's cookie upgrade from a page on another origin is refused; from this server's pages it is taken", async () => {
      boardId = await newBoard();
      const cookie = { Cookie: `placeboard_session=${server.owner.token}` };
      const host = new URL(server.url).host;
      expect(await upgradeStatus(server, `/sync/${boardId}`, { ...cookie, Origin: 'https://evil.example' })).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}`, { ...cookie, Origin: 'https://intranet.placeboard.example' })).toBe(401);
      expect(await upgradeStatus(server, `/sync/${boardId}`, { ...cookie, Origin: `http://${host}` })).toBe(101);
      // A token the browser does not send on its own is not a cross-site risk: it is taken from any origin.
      expect(await upgradeStatus(server, `/sync/${boardId}`, { ...server.owner.headers, Origin: 'https://evil.example' })).toBe(101);
    });

    it("a removed member's live socket is closed with 4401, and it cannot come back", async () => {
      boardId = await newBoard();
      const rita = await addMember(server, boardId, 'Rita Removed', 'editor');
      const live = await connect(boardId, rita);
      const other = await connect(boardId, server.owner);
      const userId = await memberIdOf(server, boardId, 'Rita Removed');
      expect((await send(server.owner, 'DELETE', `/api/boards/${boardId}/members/${userId}`)).status).toBe(204);
      await waitUntil(() => live.closeCodes.length > 0);
      expect(live.closeCodes).toEqual([CloseCode.accessChanged]);
      expect(other.closeCodes).toEqual([]);
      expect(await upgradeStatus(server, `/sync/${boardId}`, rita.headers)).toBe(404);
      expect((await get(rita, `/api/boards/${boardId}`)).status).toBe(404);
    });

    it('a role change closes the socket with 4401; the reconnect gets the new role', async () => {
      boardId = await newBoard();
      const owner = await connect(boardId, server.owner);
      const rory = await addMember(server, boardId, 'Rory Rolechange', 'viewer');
      const live = await connect(boardId, rory);
      live.provider.awareness.setLocalStateField('pane', 'outcomes');
      const roleOf = (client: number) =>
        (owner.provider.awareness.getStates().get(client) as { user?: { role?: string } } | undefined)?.user?.role;
      const roleSeen = () => roleOf(live.doc.clientID);
      await waitUntil(() => roleSeen() === 'viewer');

      const userId = await memberIdOf(server, boardId, 'Rory Rolechange');
      const changed = await send(server.owner, 'PATCH', `/api/boards/${boardId}/members/${userId}`, { role: 'contributor' });
      expect(changed.status).toBe(200);
      await waitUntil(() => live.closeCodes.length > 0);
      expect(live.closeCodes).toEqual([CloseCode.accessChanged]);
      expect(owner.closeCodes).toEqual([]);
      await waitUntil(() => roleSeen() === undefined);

      // The session now carries the new role.
      expect(((await (await get(rory, `/api/boards/${boardId}/access`)).json()) as { role: Role }).role).toBe('contributor');
      // The same provider connecting again is a contributor now: a comment it could not write as a viewer is taken.
      live.provider.connect();
      await waitUntil(() => live.provider.synced);
      const thread = addCommentThread(live.doc, { kind: 'canvas', id: 'none' }, 'now I may comment', { name: 'Rory Rolechange' });
      await waitUntil(() => listThreads(owner.doc).some((r) => r.ok && r.value.id === thread));
      await roomIdle(boardId);
      expect(live.closeCodes).toEqual([CloseCode.accessChanged]);
      // A page that starts afresh (as the web app does on 4401) shows the new role in its presence.
      live.destroy();
      const again = await connect(boardId, rory);
      again.provider.awareness.setLocalStateField('pane', 'outcomes');
      await waitUntil(() => roleOf(again.doc.clientID) === 'contributor');
      expect(again.closeCodes).toEqual([]);
    });
  });

  describe('role escalation over HTTP', () => {
    it('an editor cannot make links or invitations, change members (not even itself), or delete the board', async () => {
      boardId = await newBoard();
      const eddie = await addMember(server, boardId, 'Eddie Escalator', 'editor');
      const eddieId = await memberIdOf(server, boardId, 'Eddie Escalator');
      const attempts: [string, string, unknown][] = [
        ['POST', `/api/boards/${boardId}/links`, { role: 'editor' }],
        ['POST', `/api/boards/${boardId}/links`, { role: 'contributor', kind: 'community' }],
        ['POST', `/api/boards/${boardId}/invites`, { email: 'friend@example.test', role: 'owner' }],
        ['PATCH', `/api/boards/${boardId}/members/${eddieId}`, { role: 'owner' }],
        ['DELETE', `/api/boards/${boardId}/members/${eddieId}`, undefined],
        ['DELETE', `/api/boards/${boardId}`, undefined],
      ];
      for (const [method, url, body] of attempts) {
        const response = await send(eddie, method, url, body);
        expect(response.status, `${method} ${url}`).toBe(403);
        expect(await errorCode(response)).toBe('forbidden');
      }
      const members = (await (await ownerFetch(server, `/api/boards/${boardId}/members`)).json()) as {
        members: { userId: string; role: Role }[];
        invites: unknown[];
        links: unknown[];
      };
      expect(members.members.find((m) => m.userId === eddieId)?.role).toBe('editor');
      expect(members.invites).toEqual([]);
      expect(members.links).toEqual([]);
      expect((await get(server.owner, `/api/boards/${boardId}`)).status).toBe(200);
      // An editor share link cannot make links either.
      const link = await createShareLink(server, boardId, { role: 'editor' });
      expect((await send(link, 'POST', `/api/boards/${boardId}/links`, { role: 'editor' })).status).toBe(403);
    });

    it('a viewer cannot import onto the map; a contributor cannot rename the board', async () => {
      boardId = await newBoard('Original title');
      const vera = await addMember(server, boardId, 'Vera Importer', 'viewer');
      const form = new FormData();
      const geojson = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates: [-2.3, 53.4] } }] };
      form.set('file', new Blob([JSON.stringify(geojson)]), 'points.geojson');
      form.set('layerName', 'Viewer layer');
      const before = await storedSnapshot(server.store, boardId);
      const imported = await fetch(`${server.url}/api/boards/${boardId}/import`, { method: 'POST', headers: vera.headers, body: form });
      expect(imported.status).toBe(403);
      expect(await errorCode(imported)).toBe('forbidden');

      const cora = await addMember(server, boardId, 'Cora Renamer', 'contributor');
      const renamed = await send(cora, 'PATCH', `/api/boards/${boardId}`, { title: 'Contributor title' });
      expect(renamed.status).toBe(403);
      await roomIdle(boardId);
      expect(await storedSnapshot(server.store, boardId)).toEqual(before);
      expect(((await (await get(server.owner, `/api/boards/${boardId}`)).json()) as { title: string }).title).toBe('Original title');
    });
  });

  describe('role escalation over the WebSocket', () => {
    /** One write into each plan root, made with the board's accessors where it has one. */
    const PLAN_WRITES: Record<string, (doc: Y.Doc) => void> = {
      meta: (doc) => setBoardTitle(doc, 'Escalated title'),
      purposes: (doc) => addPurpose(doc, { title: 'Escalated purpose' }, { name: 'x' }),
      partners: (doc) => addPartner(doc, { organisation: 'Escalated partner', sector: 'other' }, { name: 'x' }),
      layers: (doc) => getRoots(doc).layers.set(newRecordId(), new Y.Map([['name', 'Escalated layer']])),
      features: (doc) => getRoots(doc).features.set(newRecordId(), new Y.Map([['layerId', 'Escalated feature']])),
      canvas: (doc) => addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, text: 'Escalated sticky' }, { name: 'x' }),
      governance: (doc) => getRoots(doc).governance.set(newRecordId(), new Y.Map([['title', 'Escalated entry']])),
    };

    for (const role of ['viewer', 'contributor'] as const) {
      for (const via of ['account', 'share link'] as const) {
        it(`a ${role} (${via}) cannot write any plan root: each is refused with 4403 and nothing is stored`, async () => {
          boardId = await newBoard('Escalation board');
          const auth = via === 'account' ? await addMember(server, boardId, `Esca ${role}`, role) : await createShareLink(server, boardId, { role });
          const before = await storedSnapshot(server.store, boardId);
          for (const [root, write] of Object.entries(PLAN_WRITES)) {
            const socket = await openRoleSocket(server, boardId, auth);
            sockets.push(socket);
            socket.send(socket.edit(write));
            const { code } = await socket.closed;
            expect(code, root).toBe(CloseCode.forbidden);
            expect(socket.deniedReasons(), root).toHaveLength(1);
          }
          await roomIdle(boardId);
          const after = await storedSnapshot(server.store, boardId);
          expect(after).toEqual(before);
          expect(after.content).not.toContain('Escalated');
          expect(((await (await get(server.owner, `/api/boards/${boardId}`)).json()) as { title: string }).title).toBe('Escalation board');
        });
      }
    }

    it('an editor may rename the board over the WebSocket (the same write, allowed), and the board list follows', async () => {
      boardId = await newBoard('Escalation board');
      const eddie = await addMember(server, boardId, 'Eddie Titler', 'editor');
      const socket = await openRoleSocket(server, boardId, eddie);
      sockets.push(socket);
      socket.send(socket.edit(PLAN_WRITES.meta!));
      await waitUntil(async () => ((await (await get(server.owner, `/api/boards/${boardId}`)).json()) as { title: string }).title === 'Escalated title');
      await roomIdle(boardId);
      expect(socket.isOpen()).toBe(true);
      const room = await server.rooms.peek(boardId);
      expect(room && getBoardMeta(room.doc).title).toBe('Escalated title');
    });
  });

  describe('CSRF with the session cookie', () => {
    it('a state-changing call with the cookie and no X-CSRF-Token is refused (403 csrf_failed) and changes nothing; with the token it works', async () => {
      const cookie = { cookie: `placeboard_session=${server.owner.token}` };
      const list = async () => ((await (await fetch(`${server.url}/api/boards`, { headers: cookie })).json()) as { title: string }[]).map((b) => b.title);
      const before = await list();
      expect(before.length).toBeGreaterThan(0);
      const create = (headers: Record<string, string>) =>
        fetch(`${server.url}/api/boards`, {
          method: 'POST',
          headers: { ...cookie, 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ title: 'CSRF board' }),
        });
      for (const headers of [{}, { 'x-csrf-token': '' }, { 'x-csrf-token': forgedToken() }] as Record<string, string>[]) {
        const refused = await create(headers);
        expect(refused.status).toBe(403);
        expect(await errorCode(refused)).toBe('csrf_failed');
      }
      const target = await newBoard('Keep me');
      const deleted = await fetch(`${server.url}/api/boards/${target}`, { method: 'DELETE', headers: cookie });
      expect(deleted.status).toBe(403);
      expect(await errorCode(deleted)).toBe('csrf_failed');
      const renamed = await fetch(`${server.url}/api/boards/${target}`, {
        method: 'PATCH',
        headers: { ...cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Renamed by CSRF' }),
      });
      expect(renamed.status).toBe(403);
      const titles = await list();
      expect(titles).toHaveLength(before.length + 1);
      expect(titles).not.toContain('CSRF board');
      expect(titles).not.toContain('Renamed by CSRF');
      expect(titles).toContain('Keep me');

      const session = (await (await fetch(`${server.url}/api/session`, { headers: cookie })).json()) as { csrfToken: string | null; user: { name: string } | null };
      expect(session.user?.name).toBe(TEST_OWNER.name);
      expect(session.csrfToken).toMatch(/^[\w-]{20,}$/);
      const created = await create({ 'x-csrf-token': session.csrfToken! });
      expect(created.status).toBe(201);
      expect(await list()).toContain('CSRF board');
    });
  });

  describe('signing in', () => {
    it('a wrong password gets 401 bad_credentials with the same message as an unknown email', async () => {
      const login = (email: string, password: string) =>
        fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      const wrong = await login(TEST_OWNER.email, 'not the password at all');
      const unknown = await login('nobody-here@example.test', 'not the password at all');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const [a, b] = [(await wrong.json()) as { error: { code: string; message: string } }, (await unknown.json()) as { error: { code: string; message: string } }];
      expect(a.error.code).toBe('bad_credentials');
      expect(a).toEqual(b);
      expect(wrong.headers.getSetCookie()).toEqual([]);
    });

    it('the eleventh rapid wrong sign-in from one address gets 429 rate_limited, and so does the right password then', async () => {
      const fresh = await startTestServer();
      try {
        const login = (password: string) =>
          fetch(`${fresh.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: TEST_OWNER.email, password }),
          });
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++) statuses.push((await login(`wrong password ${i}`)).status);
        expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
        const limited = await login(TEST_OWNER.password);
        expect(limited.status).toBe(429);
        expect(await errorCode(limited)).toBe('rate_limited');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(limited.headers.getSetCookie()).toEqual([]);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('path traversal on the static routes', () => {
    const attempts = [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/basemap/..%2f..%2fpackage.json',
      '/basemap/..%2f..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fserver%2fsrc%2fmain.ts',
      '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fserver%2fsrc%2fmain.ts',
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/..%2f..%2f..%2fsecret.txt',
      '/assets/%252e%252e%252f%252e%252e%252fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      '/assets/%2e%2e%5c%2e%2e%5c%2e%2e%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt',
      '//etc/passwd',
      '/assets//etc/passwd',
      '/assets/%2fetc%2fpasswd',
    ];

    it('serves the web app from its folder (the control: static serving is on)', async () => {
      const asset = await rawGet(server.port, '/assets/app.js');
      expect(asset.status).toBe(200);
      expect(asset.body).toContain(webDist.asset);
      const shell = await rawGet(server.port, '/b/some-board');
      expect(shell.body).toContain('Placeboard shell');
    });

    it('lets browsers keep the content-named assets and asks them to check the app shell every time', async () => {
      const asset = await fetch(`${server.url}/assets/app.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      for (const page of ['/', '/index.html', '/b/some-board']) {
        const shell = await fetch(`${server.url}${page}`);
        expect(await shell.text(), page).toContain('Placeboard shell');
        expect(shell.headers.get('cache-control'), page).toBe('no-cache');
      }
      // Not a file (a tab open on an earlier build): not found, and no promise that it never changes.
      const missing = await fetch(`${server.url}/assets/missing.js`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).not.toContain('Placeboard shell');
      expect(missing.headers.get('cache-control') ?? '').not.toContain('immutable');
    });

    for (const target of attempts) {
      it(`GET ${target} answers nothing from outside the web app folder`, async () => {
        const { status, body } = await rawGet(server.port, target);
        expect(status).toBeGreaterThanOrEqual(200);
        expect(body).not.toContain(SECRET);
        expect(body).not.toMatch(/root:.*:0:0:/);
        expect(body).not.toContain('startServer');
        expect(body).not.toContain('"name": "@placeboard');
      });
    }
  });

  describe('secrets at rest', () => {
    it('session, share-link and invitation tokens are stored only as hashes', async () => {
      boardId = await newBoard();
      const member = await addMember(server, boardId, 'Hashed Member', 'editor');
      const link = await createShareLink(server, boardId, { role: 'viewer' });
      const opened = await fetch(`${server.url}/s/${link.token}`, { redirect: 'manual' });
      const linkSession = sessionTokenOf(opened);
      const invited = await send(server.owner, 'POST', `/api/boards/${boardId}/invites`, { email: 'hashed-invitee@example.test', role: 'viewer' });
      expect(invited.status).toBe(201);
      const inviteToken = ((await invited.json()) as { token: string }).token;
      const tokens = { owner: server.owner.token, member: member.token, link: link.token, linkSession, invite: inviteToken };

      const db = new Database(path.join(server.dataDir, 'placeboard.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const rows = {
          sessions: db.prepare('SELECT * FROM sessions').all(),
          share_links: db.prepare('SELECT * FROM share_links').all(),
          invites: db.prepare('SELECT * FROM invites').all(),
          users: db.prepare('SELECT * FROM users').all(),
          audit: db.prepare('SELECT * FROM audit').all(),
        };
        const everything = JSON.stringify(rows);
        for (const [name, token] of Object.entries(tokens)) {
          expect(token.length, name).toBeGreaterThanOrEqual(43);
          expect(everything.includes(token), `${name} token stored in the clear`).toBe(false);
        }
        // The control: the rows are there, under the tokens' hashes.
        const sessionHashes = rows.sessions.map((r) => r.token_hash);
        for (const token of [tokens.owner, tokens.member, tokens.linkSession]) expect(sessionHashes).toContain(hashOf(token));
        expect(rows.share_links.map((r) => r.token_hash)).toContain(hashOf(tokens.link));
        expect(rows.invites.map((r) => r.token_hash)).toContain(hashOf(tokens.invite));
        // Passwords too: no row holds the owner's password.
        expect(everything).not.toContain(TEST_OWNER.password);
      } finally {
        db.close();
      }
    });
  });

  describe('community links and invitations', () => {
    it("a community link opens neither /sync/:id nor GET /api/boards/:id, and lists no boards", async () => {
      boardId = await newBoard();
      const community = await createShareLink(server, boardId, { role: 'contributor', kind: 'community' });
      const board = await createShareLink(server, boardId, { role: 'contributor' });
      expect(await upgradeStatus(server, `/sync/${boardId}?token=${community.token}`)).toBe(404);
      expect(await upgradeStatus(server, `/sync/${boardId}`, community.headers)).toBe(404);
      expect((await get(community, `/api/boards/${boardId}`)).status).toBe(404);
      expect((await get(community, `/api/boards/${boardId}/access`)).status).toBe(404);
      expect(await (await get(community, '/api/boards')).json()).toEqual([]);
      const opened = await fetch(`${server.url}/s/${community.token}`, { redirect: 'manual' });
      expect(opened.headers.getSetCookie()).toEqual([]);
      // The control: a board link of the same role does open both.
      expect(await upgradeStatus(server, `/sync/${boardId}?token=${board.token}`)).toBe(101);
      expect((await get(board, `/api/boards/${boardId}`)).status).toBe(200);
    });

    it('an invitation works once: the second accept gets 410', async () => {
      boardId = await newBoard('Invited board');
      const created = await send(server.owner, 'POST', `/api/boards/${boardId}/invites`, { email: 'ivy@example.test', role: 'editor' });
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      expect(((await (await fetch(`${server.url}/api/invites/${token}`)).json()) as { boardTitle: string }).boardTitle).toBe('Invited board');
      const accept = (name: string) =>
        fetch(`${server.url}/api/invites/${token}/accept`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, password: 'a long enough password' }),
        });
      const first = await accept('Ivy');
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ boardId, role: 'editor' });
      const ivy = authOf(sessionTokenOf(first));
      expect(((await (await get(ivy, `/api/boards/${boardId}/access`)).json()) as { role: Role }).role).toBe('editor');

      const second = await accept('Mallory');
      expect(second.status).toBe(410);
      expect(await errorCode(second)).toBe('link_expired');
      expect(second.headers.getSetCookie()).toEqual([]);
      expect((await fetch(`${server.url}/api/invites/${token}`)).status).toBe(410);
      // Signed in as Ivy it is still used up.
      expect((await send(ivy, 'POST', `/api/invites/${token}/accept`, {})).status).toBe(410);
    });
  });
});
