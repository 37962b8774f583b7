import { addCanvasItem, listCanvasItems } from '@placeboard/board';
import { encodeSyncUpdate } from '@placeboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { Opcode, buildFrame, openRawWebSocket } from '../helpers/raw-websocket.js';
import { createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** Count of ping frames (0x89 with an empty body, as `ws` sends them) in what a raw socket received. */
function pingsIn(bytes: Buffer): number {
  let count = 0;
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0x89 && bytes[i + 1] === 0x00) count += 1;
  return count;
}

describe('heartbeat: a socket that stops answering is dropped and frees its client ids', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];

  beforeEach(async () => {
    server = await startTestServer({ HEARTBEAT_MS: '50' });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('drops a half-open socket, keeps answering clients, and lets the same browser take its id back', async () => {
    const boardId = await createBoardViaApi(server, 'Heartbeat');
    const watcher = await connectClient(server, boardId);
    clients.push(watcher);

    // A "browser" whose network died: it wrote an edit under its client id, then answers nothing (no pongs).
    const laptop = new Y.Doc();
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(watcher.doc));
    const before = Y.encodeStateVector(laptop);
    addCanvasItem(laptop, { kind: 'sticky', x: 0, y: 0, text: 'before the lid closed' }, { name: 'Lap' });
    const { raw, headLength } = await openRawWebSocket(server.port, `/sync/${boardId}`, server.owner.headers);
    raw.write(buildFrame({ opcode: Opcode.binary, payload: encodeSyncUpdate(Y.encodeStateAsUpdate(laptop, before)) }));
    await waitUntil(() => listCanvasItems(watcher.doc).some((r) => r.ok && r.value.text === 'before the lid closed'));

    // The server pings, gets no answer, and drops it; the stock client answers every ping and stays.
    await raw.closed;
    expect(pingsIn(raw.received().subarray(headLength))).toBeGreaterThanOrEqual(1);
    expect(watcher.provider.wsconnected).toBe(true);

    // The same browser comes back with the same document, and so the same client id: it may write again.
    const back = await connectClient(server, boardId, { doc: laptop });
    clients.push(back);
    addCanvasItem(laptop, { kind: 'sticky', x: 10, y: 0, text: 'after waking up' }, { name: 'Lap' });
    await waitUntil(() => listCanvasItems(watcher.doc).some((r) => r.ok && r.value.text === 'after waking up'));
    expect(back.closeCodes).toEqual([]);
  });
});
