import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initBoard, type BoardId } from '@placeboard/board';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { silentLogger } from '../log.js';
import { createSqliteStore } from '../store/sqlite.js';
import { RoomManager } from './rooms.js';
import { createUpgradeHandler } from './upgrade.js';

// A full garbage collection on demand, to see what the server still holds.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('the upgrade handler', () => {
  const store = createSqliteStore({ filename: ':memory:' });
  const rooms = new RoomManager({ store, log: silentLogger, idleMs: 60_000, compactAfterUpdates: 1_000, compactAfterBytes: 1 << 20 });
  const boardId = 'upgrade-board' as BoardId;
  const upgrades = createUpgradeHandler({
    rooms,
    log: silentLogger,
    maxMessageBytes: 1 << 20,
    heartbeatMs: 0,
    addressOf: (request) => request.socket.remoteAddress ?? 'unknown',
    // Everyone is the owner: what is checked here is what the handler keeps, not who gets in.
    authenticate: async () => ({
      access: { boardId, role: 'owner', partnerId: null, actor: 'user:ada', name: 'Ada', userId: 'ada', linkId: null, expiresAt: null },
    }),
  });
  const server = http.createServer();
  const sockets: WebSocket[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await rooms.closeAll();
    upgrades.close();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  it('keeps nothing of the upgrade request once the socket is in its room (a big session has thousands)', async () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Upgrades' });
    await store.createBoard({ id: boardId, title: 'Upgrades', state: Y.encodeStateAsUpdate(doc), now: Date.now() });
    const requests: WeakRef<IncomingMessage>[] = [];
    server.on('upgrade', (request: IncomingMessage, socket, head) => {
      requests.push(new WeakRef(request));
      upgrades.onUpgrade(request, socket, head);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    for (let i = 0; i < 3; i++) {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/sync/${boardId}`);
      sockets.push(socket);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    }
    const room = await rooms.peek(boardId);
    while (room?.size !== 3) await new Promise((resolve) => setTimeout(resolve, 10));

    // WeakRefs hold their target until the job that made them ends: collect in a later one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(requests).toHaveLength(3);
    expect(requests.filter((request) => request.deref() !== undefined)).toHaveLength(0);
  });
});
