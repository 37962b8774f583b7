import http from 'node:http';
import { addCanvasItem, listCanvasItems, type BoardId } from '@placeboard/board';
import { CloseCode, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '@placeboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import {
  Opcode,
  buildFrame,
  handshake,
  openRawSocket,
  openRawWebSocket,
  parseResponseHead,
  waitForServerClose,
  type RawSocket,
} from '../helpers/raw-websocket.js';
import { ownerFetch, type TestServer } from '../helpers/server.js';
import { openGuardedBoard, type GuardedBoard } from '../helpers/guarded-board.js';
import type { StoredSnapshot } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * "Bad input: a clear answer, nothing lost." Each test: two good clients share a board with a known edit, a third
 * socket does something wrong, and then the bad socket has been told why it was closed, the good clients still
 * sync, the server still answers, and nothing of the bad input is in the store.
 */

const MAX_MESSAGE_BYTES = 64 * 1024;
const alice = { name: 'Alice' };
const bob = { name: 'Bob' };

describe('bad input: a clear answer, nothing lost', () => {
  let server: TestServer;
  let boardId: BoardId;
  let good: [SyncClient, SyncClient];
  let before: StoredSnapshot;
  const cleanups: (() => void)[] = [];

  let board: GuardedBoard;
  const stored = (): Promise<StoredSnapshot> => board.stored();
  const roomIdle = (): Promise<void> => board.roomIdle();

  beforeEach(async () => {
    board = await openGuardedBoard({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) }, title: 'Bad input' });
    ({ server, boardId, good, before } = board);
    expect(before.content).toContain('known edit');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await board.close();
  });

  /** The good clients still sync a new edit, the server answers, and the store holds nothing but good edits. */
  async function expectNothingLost(): Promise<void> {
    await roomIdle();
    expect(await stored()).toEqual(before);
    const text = `after ${Math.random()}`;
    const id = addCanvasItem(good[1].doc, { kind: 'outcome', x: 3, y: 4, text }, bob);
    await waitUntil(() => listCanvasItems(good[0].doc).some((r) => r.ok && r.value.id === id && r.value.text === text));
    await waitForConvergence(good.map((c) => c.doc));
    const health = await ownerFetch(server, '/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    await roomIdle();
    const after = await stored();
    expect(after.content).toContain(text);
    expect(after.content).toContain('known edit');
    expect(after.updates).toBeGreaterThan(before.updates);
  }

  /** A `ws` client on the board, signed in as the owner, open, with its close event captured. */
  async function badWebSocket(): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
    const ws = new WebSocket(`${server.wsUrl}/${boardId}`, { headers: server.owner.headers });
    ws.on('error', () => {}); // the server may reset the socket while we still write; the close code is what counts
    cleanups.push(() => ws.terminate());
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return { ws, closed };
  }

  /** A raw TCP socket upgraded on the board, signed in as the owner. */
  async function rawWebSocket(): Promise<{ raw: RawSocket; headLength: number }> {
    const opened = await openRawWebSocket(server.port, `/sync/${boardId}`, server.owner.headers);
    cleanups.push(() => opened.raw.destroy());
    return opened;
  }

  /** Sends `frames` on a fresh raw WebSocket and returns the close the server answers with. */
  async function closeAfterRawFrames(...frames: Buffer[]) {
    const { raw, headLength } = await rawWebSocket();
    for (const frame of frames) raw.write(frame);
    const close = await waitForServerClose(raw, headLength);
    return { raw, close };
  }

  describe('messages over the size limit', () => {
    it('a. a binary message over the limit from a ws client is closed with 1009', async () => {
      const { ws, closed } = await badWebSocket();
      ws.send(encodeSyncUpdate(new Uint8Array(MAX_MESSAGE_BYTES + 1)));
      const { code } = await closed;
      expect(code).toBe(CloseCode.messageTooBig);
      await expectNothingLost();
    });

    it('a. a message of exactly the limit is not refused for its size (it is judged by its content)', async () => {
      const { ws, closed } = await badWebSocket();
      ws.send(new Uint8Array(MAX_MESSAGE_BYTES)); // all zeros: a sync step 1 followed by trailing bytes
      expect((await closed).code).toBe(CloseCode.malformedMessage);
      await expectNothingLost();
    });

    it('b. a frame header announcing 2^40 bytes is refused before any body arrives', async () => {
      const { raw, close } = await closeAfterRawFrames(
        buildFrame({ opcode: Opcode.binary, announcedLength: 2 ** 40, payload: new Uint8Array() }),
      );
      // Either answer is fine: a close frame saying 1009, or the connection closed. Waiting for the body would hang.
      if (close) expect(close.code).toBe(CloseCode.messageTooBig);
      else expect(raw.ended).toBe(true);
      await expectNothingLost();
    });

    it('b. a header announcing one byte over the limit is refused with 1009', async () => {
      const { close } = await closeAfterRawFrames(
        buildFrame({ opcode: Opcode.binary, announcedLength: MAX_MESSAGE_BYTES + 1, payload: new Uint8Array(10) }),
      );
      expect(close?.code).toBe(CloseCode.messageTooBig);
      await expectNothingLost();
    });

    it('b. fragments each under the limit but over it together are refused with 1009', async () => {
      const half = new Uint8Array(MAX_MESSAGE_BYTES / 2 + 1);
      const { close } = await closeAfterRawFrames(
        buildFrame({ fin: false, opcode: Opcode.binary, payload: half }),
        buildFrame({ fin: false, opcode: Opcode.continuation, payload: half }),
      );
      expect(close?.code).toBe(CloseCode.messageTooBig);
      await expectNothingLost();
    });
  });

  describe('frames that break the WebSocket protocol', () => {
    it('c. a frame with RSV2 set is closed with 1002', async () => {
      const { close } = await closeAfterRawFrames(buildFrame({ rsv: 0b010, opcode: Opcode.binary, payload: new Uint8Array([0, 0, 0]) }));
      expect(close?.code).toBe(CloseCode.protocolError);
      await expectNothingLost();
    });

    it('c. a frame with RSV3 set is closed with 1002', async () => {
      const { close } = await closeAfterRawFrames(buildFrame({ rsv: 0b001, opcode: Opcode.binary, payload: new Uint8Array([0, 0, 0]) }));
      expect(close?.code).toBe(CloseCode.protocolError);
      await expectNothingLost();
    });

    // Frames that make `ws` emit 'error' on its WebSocket; with no error listener (the stock y-websocket server)
    // that ends the process. Each goes on its own socket.
    const killers: [string, Buffer, number][] = [
      ['RSV1 set without permessage-deflate (the 14-byte frame)', buildFrame({ rsv: 0b100, opcode: Opcode.binary, payload: new Uint8Array(8) }), 1002],
      ['reserved data opcode 0x3', buildFrame({ opcode: 0x3, payload: new Uint8Array([1, 2]) }), 1002],
      ['reserved control opcode 0xB', buildFrame({ opcode: 0xb, payload: new Uint8Array() }), 1002],
      ['masked close frame with code 1005 (must not be sent)', buildFrame({ opcode: Opcode.close, payload: new Uint8Array([0x03, 0xed]) }), 1002],
      ['masked close frame with code 999', buildFrame({ opcode: Opcode.close, payload: new Uint8Array([0x03, 0xe7]) }), 1002],
      ['close frame with a 1-byte body', buildFrame({ opcode: Opcode.close, payload: new Uint8Array([0x03]) }), 1002],
      ['close frame with a reason that is not UTF-8', buildFrame({ opcode: Opcode.close, payload: new Uint8Array([0x03, 0xe8, 0xff, 0xfe]) }), 1007],
      ['unmasked frame from a client', buildFrame({ mask: false, opcode: Opcode.binary, payload: new Uint8Array([0, 0, 0]) }), 1002],
      ['fragmented control frame', buildFrame({ fin: false, opcode: Opcode.ping, payload: new Uint8Array([1]) }), 1002],
      ['control frame with a 126-byte payload', buildFrame({ opcode: Opcode.ping, payload: new Uint8Array(126) }), 1002],
      ['continuation frame with nothing to continue', buildFrame({ opcode: Opcode.continuation, payload: new Uint8Array([1]) }), 1002],
      ['text frame that is not UTF-8', buildFrame({ opcode: Opcode.text, payload: new Uint8Array([0xc3, 0x28]) }), 1007],
    ];
    for (const [name, frame, code] of killers) {
      it(`d. ${name}: closed with ${code}, and the server keeps serving`, async () => {
        const { close } = await closeAfterRawFrames(frame);
        expect(close?.code).toBe(code);
        await expectNothingLost();
      });
    }

    it('d. all of them at once, each on its own socket, leave the server serving', async () => {
      const results = await Promise.all(killers.map(([, frame]) => closeAfterRawFrames(frame)));
      expect(results.map((r) => r.close?.code)).toEqual(killers.map(([, , code]) => code));
      await expectNothingLost();
    });
  });

  describe('messages that are not y-websocket messages', () => {
    it('e. garbage bytes as a binary message are closed with 4400', async () => {
      const { ws, closed } = await badWebSocket();
      ws.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3, 4]));
      expect((await closed).code).toBe(CloseCode.malformedMessage);
      await expectNothingLost();
    });

    it('e. a sync message whose length prefix runs past the end is closed with 4400', async () => {
      const { ws, closed } = await badWebSocket();
      ws.send(new Uint8Array([0, 2, 100, 1, 2, 3]));
      expect((await closed).code).toBe(CloseCode.malformedMessage);
      await expectNothingLost();
    });

    it('f. a text frame is closed with 4400', async () => {
      const { ws, closed } = await badWebSocket();
      ws.send('{"type":"update"}');
      expect((await closed).code).toBe(CloseCode.malformedMessage);
      await expectNothingLost();
    });

    it('e. a bad state vector in a sync step 1 is closed with 4400', async () => {
      const { ws, closed } = await badWebSocket();
      ws.send(new Uint8Array([0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0xff]));
      expect((await closed).code).toBe(CloseCode.malformedMessage);
      await expectNothingLost();
    });
  });

  describe('updates the server will not apply', () => {
    it('g. a sync step 2 whose payload is not a Yjs update is closed with 4422', async () => {
      const payload = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0xaa, 0xbb]);
      expect(() => Y.decodeUpdate(payload)).toThrow();
      const { ws, closed } = await badWebSocket();
      ws.send(encodeSyncStep2(payload));
      expect((await closed).code).toBe(CloseCode.updateRejected);
      await expectNothingLost();
    });

    it('h. an update that depends on a missing update is closed with 4422 and nothing is stored', async () => {
      const x = new Y.Doc();
      const updates: Uint8Array[] = [];
      x.on('update', (u: Uint8Array) => updates.push(u));
      x.getMap('canvas').set('first', 'one');
      x.getMap('canvas').set('second', 'two');
      expect(updates).toHaveLength(2);
      const { ws, closed } = await badWebSocket();
      ws.send(encodeSyncUpdate(updates[1]!));
      const { code, reason } = await closed;
      expect(code).toBe(CloseCode.updateRejected);
      expect(reason).toMatch(/unknown changes/);
      await expectNothingLost();
      expect((await stored()).content).not.toContain('two');
    });

    it('h. an update sent ahead of the catch-up that builds on changes the catch-up does not bring is closed with 4422 when it comes', async () => {
      const x = new Y.Doc();
      const updates: Uint8Array[] = [];
      x.on('update', (u: Uint8Array) => updates.push(u));
      x.getMap('canvas').set('first', 'one');
      x.getMap('canvas').set('second', 'two');
      const { ws, closed } = await badWebSocket();
      // As a stock client reconnecting: its step 1, then an edit, which is kept until its catch-up (its step 2)...
      ws.send(encodeSyncStep1(Y.encodeStateVector(x)));
      ws.send(encodeSyncUpdate(updates[1]!));
      await roomIdle();
      expect(ws.readyState).toBe(WebSocket.OPEN);
      // ...which does not bring the change the edit builds on.
      ws.send(encodeSyncStep2(Y.encodeStateAsUpdate(new Y.Doc())));
      const { code, reason } = await closed;
      expect(code).toBe(CloseCode.updateRejected);
      expect(reason).toMatch(/unknown changes/);
      await expectNothingLost();
      expect((await stored()).content).not.toContain('two');
    });

    it('h. updates kept for a catch-up that never comes are closed with 4422 once they pass MAX_MESSAGE_BYTES', async () => {
      const x = new Y.Doc();
      const updates: Uint8Array[] = [];
      x.on('update', (u: Uint8Array) => updates.push(u));
      x.getMap('canvas').set('first', 'one');
      for (let i = 0; i < 3; i++) x.getMap('canvas').set(`large ${i}`, 'x'.repeat(MAX_MESSAGE_BYTES / 2 - 100));
      const { ws, closed } = await badWebSocket();
      ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
      for (const update of updates.slice(1)) ws.send(encodeSyncUpdate(update));
      const { code, reason } = await closed;
      expect(code).toBe(CloseCode.updateRejected);
      expect(reason).toMatch(/unknown changes/);
      await expectNothingLost();
      expect((await stored()).content).not.toContain('large');
    });

    it('i. an update writing to a root that is not a board root is closed with 4422', async () => {
      const x = new Y.Doc();
      let update!: Uint8Array;
      x.on('update', (u: Uint8Array) => (update = u));
      x.getMap('evil').set('payload', 'x'.repeat(100));
      const { ws, closed } = await badWebSocket();
      ws.send(encodeSyncUpdate(update));
      const { code, reason } = await closed;
      expect(code).toBe(CloseCode.updateRejected);
      expect(reason).toMatch(/not a board root/);
      await expectNothingLost();
      const document = (await server.store.loadDocument(boardId))!;
      const replayed = new Y.Doc();
      if (document.state) Y.applyUpdate(replayed, document.state);
      for (const u of document.updates) Y.applyUpdate(replayed, u);
      expect([...replayed.share.keys()]).not.toContain('evil');
    });

    it('a good edit sent before a bad one on the same socket is kept; the bad one is not', async () => {
      const x = new Y.Doc();
      Y.applyUpdate(x, Y.encodeStateAsUpdate(good[0].doc));
      const updates: Uint8Array[] = [];
      x.on('update', (u: Uint8Array) => updates.push(u));
      x.getMap('canvas').set('kept', 'yes');
      x.getMap('evil').set('dropped', 'no');
      const { ws, closed } = await badWebSocket();
      ws.send(encodeSyncUpdate(updates[0]!));
      ws.send(encodeSyncUpdate(updates[1]!));
      expect((await closed).code).toBe(CloseCode.updateRejected);
      await waitUntil(() => good[1].doc.getMap('canvas').get('kept') === 'yes');
      await roomIdle();
      const now = await stored();
      expect(now.updates).toBe(before.updates + 1);
      expect(now.content).toContain('kept');
      expect(now.content).not.toContain('dropped');
    });
  });

  // Each upgrade carries the owner's credentials, so what is refused is the request itself, not a missing sign-in.
  describe('upgrades that are refused before the handshake', () => {
    const paths = ['/sync/NoSuchBoard12', '/sync/', '/sync/a/b', '/other', '/sync/%ZZ', '/sync/not%20an%20id', '/sync'];
    for (const path of paths) {
      it(`j. ${path} answers 404 and never 101`, async () => {
        const raw = await openRawSocket(server.port);
        cleanups.push(() => raw.destroy());
        const response = await handshake(raw, path, server.owner.headers);
        await raw.closed; // the refusal ends the connection
        expect(response.status).toBe(404);
        expect(raw.received().toString('latin1')).not.toContain(' 101 ');
        const body = JSON.parse(parseResponseHead(raw.received()).rest.toString('utf8')) as { error: { code: string } };
        expect(body.error.code).toBe('not_found');
        await expectNothingLost();
      });
    }

    it('j. an upgrade without a Sec-WebSocket-Key is answered 400, never 101', async () => {
      for (const client of good) client.destroy();
      await waitUntil(async () => (await server.rooms.peek(boardId))?.size === 0);
      const raw = await openRawSocket(server.port);
      cleanups.push(() => raw.destroy());
      const response = await handshake(raw, `/sync/${boardId}`, { ...server.owner.headers, 'Sec-WebSocket-Key': '' });
      expect(response.status).toBe(400);
      expect(raw.received().toString('latin1')).not.toContain(' 101 ');
      expect((await stored()).content).toBe(before.content);
      // The good clients were destroyed for this check; reconnect two new ones to show the board still works.
      good = [await connectClient(server, boardId), await connectClient(server, boardId)];
      await expectNothingLost();
    });
  });

  // Every request is the owner's, so each answer is about the bad input, not about a missing sign-in.
  describe('HTTP API', () => {
    const api = (path: string, init?: RequestInit) => ownerFetch(server, `/api${path}`, init);

    async function listBoards(): Promise<unknown> {
      const response = await api('/boards');
      expect(response.status).toBe(200);
      return response.json();
    }

    async function expectApiError(response: Response, status: number, code: string): Promise<void> {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(typeof body.error.message).toBe('string');
      expect(body.error.message.length).toBeGreaterThan(0);
    }

    const json = (method: string, body: string) => ({ method, headers: { 'content-type': 'application/json' }, body });

    it('k. malformed JSON, a missing or empty title, unknown ids and routes, and an oversized body each get a clear error', async () => {
      const list = await listBoards();
      const checks: [string, () => Promise<Response>, number, string][] = [
        ['malformed JSON', () => api(`/boards`, json('POST', '{"title": "x"')), 400, 'invalid_json'],
        ['empty body', () => api(`/boards`, json('POST', '')), 400, 'invalid_json'],
        ['missing title', () => api(`/boards`, json('POST', '{}')), 400, 'validation_failed'],
        ['empty title', () => api(`/boards`, json('POST', '{"title":""}')), 400, 'validation_failed'],
        ['blank title', () => api(`/boards`, json('POST', '{"title":"   "}')), 400, 'validation_failed'],
        ['title not a string', () => api(`/boards`, json('POST', '{"title":42}')), 400, 'validation_failed'],
        ['JSON that is not an object', () => api(`/boards`, json('POST', '"title"')), 400, 'validation_failed'],
        ['title too long', () => api(`/boards`, json('POST', JSON.stringify({ title: 'x'.repeat(201) }))), 400, 'validation_failed'],
        ['PATCH unknown id', () => api(`/boards/NoSuchBoard12`, json('PATCH', '{"title":"x"}')), 404, 'not_found'],
        ['PATCH bad id', () => api(`/boards/bad%20id`, json('PATCH', '{"title":"x"}')), 404, 'not_found'],
        ['PATCH with malformed JSON', () => api(`/boards/${boardId}`, json('PATCH', '{')), 400, 'invalid_json'],
        ['PATCH with an empty title', () => api(`/boards/${boardId}`, json('PATCH', '{"title":""}')), 400, 'validation_failed'],
        ['GET unknown id', () => api(`/boards/NoSuchBoard12`), 404, 'not_found'],
        ['GET bad id', () => api(`/boards/${'!'.repeat(3)}`), 404, 'not_found'],
        ['GET over-long id', () => api(`/boards/${'a'.repeat(65)}`), 404, 'not_found'],
        ['DELETE unknown id', () => api(`/boards/NoSuchBoard12`, { method: 'DELETE' }), 404, 'not_found'],
        ['unknown API route', () => api(`/nothing-here`), 404, 'not_found'],
        ['unknown nested API route', () => api(`/boards/${boardId}/extra`), 404, 'not_found'],
        ['JSON body over 1 MiB', () => api(`/boards`, json('POST', JSON.stringify({ title: 'x'.repeat(1024 * 1024) }))), 413, 'payload_too_large'],
      ];
      for (const [name, request, status, code] of checks) {
        const response = await request();
        await expectApiError(response, status, code).catch((error: Error) => {
          throw new Error(`${name}: ${error.message}`);
        });
        expect(await listBoards(), name).toEqual(list);
        const health = await api('/health');
        expect(await health.json(), name).toEqual({ status: 'ok' });
      }
      expect((await api(`/boards/${boardId}`).then((r) => r.json()) as { title: string }).title).toBe('Bad input');
      await expectNothingLost();
    });

    it('k. after a 413 the connection is either closed cleanly or still answers, never left dead', async () => {
      const list = await listBoards();
      const raw = await openRawSocket(server.port);
      cleanups.push(() => raw.destroy());
      const body = JSON.stringify({ title: 'x'.repeat(1024 * 1024) });
      raw.write(
        `POST /api/boards HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${server.owner.headers.authorization}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      raw.write(body);
      await waitUntil(() => {
        const bytes = raw.received();
        const end = bytes.indexOf('\r\n\r\n');
        if (end < 0) return raw.ended;
        return bytes.length - end - 4 >= Number(parseResponseHead(bytes).headers['content-length']);
      });
      const response = parseResponseHead(raw.received());
      expect(response.status).toBe(413);
      expect((JSON.parse(response.rest.toString('utf8')) as { error: { code: string } }).error.code).toBe('payload_too_large');
      if (response.headers.connection?.toLowerCase() === 'close') {
        await raw.closed;
      } else {
        // The server said keep-alive, so the next request on this connection must be answered.
        const already = raw.received().length;
        raw.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${server.owner.headers.authorization}\r\n\r\n`);
        await waitUntil(() => raw.ended || raw.received().subarray(already).includes('"ok"'));
        expect(raw.received().subarray(already).toString('latin1')).toContain('HTTP/1.1 200');
      }
      expect(await listBoards()).toEqual(list);
      await expectNothingLost();
    });

    it('k. a chunked JSON body over 1 MiB (no Content-Length) is refused with 413 too', async () => {
      const list = await listBoards();
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', ...server.owner.headers } }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        request.on('error', reject);
        request.write('{"title":"');
        for (let i = 0; i < 20; i++) request.write('x'.repeat(64 * 1024));
        request.end('"}');
      });
      expect(status).toBe(413);
      expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe('payload_too_large');
      expect(await listBoards()).toEqual(list);
      await expectNothingLost();
    });
  });
});
