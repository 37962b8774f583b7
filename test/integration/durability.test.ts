import { addCanvasItem, addFeature, addLayer, listCanvasItems, updateCanvasItem } from '@placeboard/board';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { createBoardViaApi, spawnServer, tempDir, type ServerProcess } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** True when state vector `a` holds at least everything `b` does, for the clients `b` names. */
function covers(a: Map<number, number>, b: Map<number, number>, except?: number): boolean {
  for (const [client, clock] of b) {
    if (client === except) continue;
    if ((a.get(client) ?? 0) < clock) return false;
  }
  return true;
}

const stateVector = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

describe('a server killed with SIGKILL mid-editing', () => {
  const servers: ServerProcess[] = [];
  const clients: SyncClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('still holds, after a restart, every update any client had received from it', async () => {
    const dataDir = tempDir();
    // Compact often, so the crash can land in the middle of a compaction as well as an append.
    const env = { DATA_DIR: dataDir, COMPACT_AFTER_UPDATES: '25' };
    const first = await spawnServer(env);
    servers.push(first);
    const boardId = await createBoardViaApi(first, 'Crash test');

    const writers = [await connectClient(first, boardId), await connectClient(first, boardId)];
    const observer = await connectClient(first, boardId);
    clients.push(...writers, observer);
    const layerId = addLayer(writers[0]!.doc, { name: 'Notes', kind: 'drawing', style: { colour: '#005eb8' } }, { name: 'W0' });

    // Both writers edit continuously; the observer only listens, so everything it holds came from the server.
    let editing = true;
    const editLoops = writers.map(async (writer, w) => {
      const author = { name: `W${w}` };
      for (let i = 0; editing; i++) {
        if (i % 3 === 0) addCanvasItem(writer.doc, { kind: 'sticky', x: i, y: w * 100, text: `W${w} #${i}` }, author);
        else if (i % 3 === 1) addFeature(writer.doc, { layerId, geometry: { type: 'Point', coordinates: [-2.3 + i / 1e4, 53.4] } }, author);
        else {
          const items = listCanvasItems(writer.doc).flatMap((r) => (r.ok ? [r.value] : []));
          const item = items[i % Math.max(1, items.length)];
          if (item) updateCanvasItem(writer.doc, item.id, { x: i, text: `moved by W${w} at ${i}` }, author);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
    await waitUntil(() => observer.doc.getMap('canvas').size >= 60);

    first.child.kill('SIGKILL');
    await first.exited;
    editing = false;
    await Promise.all(editLoops);
    // What each client held at the moment of the crash.
    const observerState = Y.encodeStateAsUpdate(observer.doc);
    const observerVector = stateVector(observer.doc);
    const writerVectors = writers.map((writer) => ({ id: writer.doc.clientID, vector: stateVector(writer.doc) }));
    for (const client of [...writers, observer]) client.provider.destroy();

    const second = await spawnServer(env);
    servers.push(second);
    const fresh = await connectClient(second, boardId);
    clients.push(fresh);

    // Everything the observer received is there...
    expect(covers(stateVector(fresh.doc), observerVector)).toBe(true);
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(fresh.doc));
    Y.applyUpdate(merged, observerState);
    expect(snapshotOf(merged)).toBe(snapshotOf(fresh.doc));
    // ...and so is everything each writer received from the other (its own unsent edits may not be).
    for (const { id, vector } of writerVectors) expect(covers(stateVector(fresh.doc), vector, id)).toBe(true);

    // The writers reconnect with their documents, and their unsent edits arrive too: nothing is lost.
    const rejoined = await Promise.all(writers.map((writer) => connectClient(second, boardId, { doc: writer.doc })));
    clients.push(...rejoined);
    await waitForConvergence([fresh.doc, ...writers.map((w) => w.doc)]);
    for (const { vector } of writerVectors) expect(covers(stateVector(fresh.doc), vector)).toBe(true);
  });
});
