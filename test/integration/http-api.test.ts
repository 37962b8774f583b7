import { getBoardMeta, isBoardId, setBoardTitle, type BoardId } from '@placeboard/board';
import { CloseCode } from '@placeboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { handshake, openRawSocket, type RawSocket } from '../helpers/raw-websocket.js';
import { createBoardViaApi, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

interface ListedBoard {
  id: string;
  title: string;
  updatedAt: number;
}

describe('HTTP API: the happy path', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  const sockets: RawSocket[] = [];

  beforeEach(async () => {
    server = await startTestServer({ BASEMAP_STYLE_URL: 'https://tiles.example.org/style.json' });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.destroy();
    await server.close();
  });

  /** The API as the server's owner (who owns every board). */
  const api = (path: string, init?: RequestInit) => ownerFetch(server, `/api${path}`, init);
  const send = (method: string, path: string, body: unknown) =>
    api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const list = async () => (await (await api('/boards')).json()) as ListedBoard[];
  const connect = async (boardId: string) => {
    const client = await connectClient(server, boardId);
    clients.push(client);
    return client;
  };

  it('answers health', async () => {
    const response = await api('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('returns the basemap style URL and the import limits from the configuration', async () => {
    const response = await api('/config');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      basemapStyleUrl: 'https://tiles.example.org/style.json',
      importLimits: { bytes: 50 * 1024 * 1024, features: 20_000 },
    });
  });

  it('creates boards (201, {id}), lists them as {id, title, updatedAt} and gets one', async () => {
    expect(await list()).toEqual([]);
    const response = await send('POST', '/boards', { title: '  Sale West  ' });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string };
    expect(Object.keys(created)).toEqual(['id']);
    expect(isBoardId(created.id)).toBe(true);
    const second = await createBoardViaApi(server, 'Altrincham');

    const boards = await list();
    expect(boards).toHaveLength(2);
    for (const board of boards) expect(Object.keys(board).sort()).toEqual(['id', 'title', 'updatedAt']);
    expect(boards.map((b) => b.title).sort()).toEqual(['Altrincham', 'Sale West']); // trimmed
    expect(boards.map((b) => b.id).sort()).toEqual([created.id, second].sort());

    const one = await api(`/boards/${created.id}`);
    expect(one.status).toBe(200);
    const board = (await one.json()) as { id: string; title: string; createdAt: number; updatedAt: number };
    expect(board).toEqual({ id: created.id, title: 'Sale West', createdAt: expect.any(Number), updatedAt: expect.any(Number) });

    // The board's document was made by the server, with the title in its meta.
    const client = await connect(created.id);
    expect(getBoardMeta(client.doc).title).toBe('Sale West');
  });

  it('PATCH renames: the answer, the list and every connected client show the new title', async () => {
    const boardId = await createBoardViaApi(server, 'Old name');
    const [a, b] = [await connect(boardId), await connect(boardId)];
    const response = await send('PATCH', `/boards/${boardId}`, { title: 'New name' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: boardId, title: 'New name' });
    expect((await list()).find((board) => board.id === boardId)?.title).toBe('New name');
    await waitUntil(() => getBoardMeta(a.doc).title === 'New name' && getBoardMeta(b.doc).title === 'New name');
    // And it is stored in the document: a client arriving later sees it too.
    const late = await connect(boardId);
    expect(getBoardMeta(late.doc).title).toBe('New name');
  });

  it('PATCH of a board nobody has open stores the title in its document too', async () => {
    const boardId = await createBoardViaApi(server, 'Closed board');
    expect(server.rooms.loadedCount).toBe(0);
    expect((await send('PATCH', `/boards/${boardId}`, { title: 'Renamed while closed' })).status).toBe(200);
    const client = await connect(boardId);
    expect(getBoardMeta(client.doc).title).toBe('Renamed while closed');
  });

  it('a client editing meta.title in the document renames the board in the list', async () => {
    const boardId = await createBoardViaApi(server, 'Before');
    const before = (await list()).find((b) => b.id === boardId)!;
    const client = await connect(boardId);
    setBoardTitle(client.doc, 'Renamed in the board');
    await waitUntil(async () => (await list()).find((b) => b.id === boardId)?.title === 'Renamed in the board');
    const after = (await (await api(`/boards/${boardId}`)).json()) as { title: string; updatedAt: number };
    expect(after.title).toBe('Renamed in the board');
    expect(after.updatedAt).toBeGreaterThanOrEqual(before.updatedAt);
  });

  it('DELETE answers 204, closes connected clients with 4404, and the board is gone everywhere', async () => {
    const boardId = await createBoardViaApi(server, 'Doomed');
    const keep = await createBoardViaApi(server, 'Kept');
    const [a, b] = [await connect(boardId), await connect(boardId)];
    const other = await connect(keep);

    const response = await api(`/boards/${boardId}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    await waitUntil(() => a.closeCodes.includes(CloseCode.boardGone) && b.closeCodes.includes(CloseCode.boardGone));
    expect(other.closeCodes).toEqual([]);

    expect((await list()).map((board) => board.id)).toEqual([keep]);
    expect((await api(`/boards/${boardId}`)).status).toBe(404);
    expect(await server.store.loadDocument(boardId as BoardId)).toBeUndefined();
    const raw = await openRawSocket(server.port);
    sockets.push(raw);
    const upgrade = await handshake(raw, `/sync/${boardId}`, server.owner.headers);
    expect(upgrade.status).toBe(404);
    // The clients' reconnects are refused too: none of them is let back on.
    expect(await server.rooms.peek(boardId as BoardId)).toBeUndefined();
    // A second DELETE finds nothing.
    expect((await api(`/boards/${boardId}`, { method: 'DELETE' })).status).toBe(404);
  });
});
