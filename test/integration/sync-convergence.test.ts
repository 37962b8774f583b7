import {
  addCanvasItem,
  addFeature,
  addLayer,
  addPurpose,
  getPurposeFragment,
  listCanvasItems,
  listFeatures,
  updateCanvasItem,
} from '@placeboard/board';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';
import * as prng from 'lib0/prng';

const alice = { name: 'Alice' };
const bob = { name: 'Bob' };
const chi = { name: 'Chi' };

describe('three y-websocket clients on one board', () => {
  let server: TestServer;
  let clients: SyncClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.close();
  });

  it('converge after concurrent edits to purpose text, map features and canvas items', async () => {
    const boardId = await createBoardViaApi(server, 'Convergence');
    clients = await Promise.all([1, 2, 3].map(() => connectClient(server, boardId)));
    const [a, b, c] = clients as [SyncClient, SyncClient, SyncClient];

    // Set-up made by one client and seen by all.
    const purposeId = addPurpose(a.doc, { title: 'Purpose' }, alice);
    const layerId = addLayer(a.doc, { name: 'Drawn', kind: 'drawing', style: { colour: '#005eb8' } }, alice);
    const cardId = addCanvasItem(a.doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer admissions' }, alice);
    await waitForConvergence(clients.map((cl) => cl.doc));

    // Concurrent edits: all three write before any update can arrive (same tick, no awaits).
    const fragmentOf = (client: SyncClient) => getPurposeFragment(client.doc, purposeId)!;
    fragmentOf(a).insert(0, [paragraph('Alice writes. ')]);
    fragmentOf(b).insert(0, [paragraph('Bob writes. ')]);
    fragmentOf(c).insert(0, [paragraph('Chi writes. ')]);
    addFeature(a.doc, { layerId, geometry: { type: 'Point', coordinates: [-2.3, 53.4] }, properties: { name: 'A' } }, alice);
    addFeature(b.doc, { layerId, geometry: { type: 'Point', coordinates: [-2.31, 53.41] }, properties: { name: 'B' } }, bob);
    addFeature(c.doc, {
      layerId,
      geometry: { type: 'Polygon', coordinates: [[[-2.3, 53.4], [-2.2, 53.4], [-2.2, 53.5], [-2.3, 53.4]]] },
      properties: { name: 'C' },
    }, chi);
    updateCanvasItem(a.doc, cardId, { x: 100 }, alice);
    updateCanvasItem(b.doc, cardId, { x: 200, text: 'Fewer unplanned admissions' }, bob);
    addCanvasItem(c.doc, { kind: 'sticky', x: 10, y: 10, text: 'Ask the pharmacies' }, chi);

    await waitForConvergence(clients.map((cl) => cl.doc));
    const text = fragmentOf(a).toString();
    for (const name of ['Alice', 'Bob', 'Chi']) expect(text).toContain(`${name} writes.`);
    expect(listFeatures(a.doc).filter((f) => f.ok)).toHaveLength(3);
    const items = listCanvasItems(b.doc).map((r) => (r.ok ? r.value : null));
    expect(items).toHaveLength(2);
    const card = items.find((item) => item?.id === cardId)!;
    expect([100, 200]).toContain(card.x);
    expect(card.text).toBe('Fewer unplanned admissions');

    // The server's copy is the same document.
    const room = await server.rooms.peek(boardId as never);
    await waitUntil(() => snapshotOf(room!.doc) === snapshotOf(a.doc));
  });

  it('converge under seeded random edits, disconnects and reconnects', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const boardId = await createBoardViaApi(server, `Random ${seed}`);
    const peers = await Promise.all([1, 2, 3].map(() => connectClient(server, boardId)));
    clients.push(...peers);
    const authors = [alice, bob, chi];

    for (let step = 0; step < 150; step++) {
      const index = Math.floor(random() * peers.length);
      const peer = peers[index]!;
      const author = authors[index]!;
      const roll = random();
      const items = listCanvasItems(peer.doc).flatMap((r) => (r.ok ? [r.value] : []));
      if (roll < 0.08) {
        if (peer.provider.wsconnected) peer.provider.disconnect();
        else peer.provider.connect();
      } else if (roll < 0.4 || items.length === 0) {
        addCanvasItem(peer.doc, { kind: random() < 0.5 ? 'sticky' : 'outcome', x: random() * 800, y: random() * 600 }, author);
      } else if (roll < 0.8) {
        const item = items[Math.floor(random() * items.length)]!;
        updateCanvasItem(peer.doc, item.id, { x: Math.round(random() * 800), text: `edit ${step}` }, author);
      } else {
        const item = items[Math.floor(random() * items.length)]!;
        peer.doc.getMap('canvas').delete(item.id);
      }
      if (random() < 0.3) await new Promise((resolve) => setImmediate(resolve));
    }
    for (const peer of peers) if (!peer.provider.wsconnected) peer.provider.connect();
    await waitForConvergence(peers.map((p) => p.doc));
    const room = await server.rooms.peek(boardId as never);
    await waitUntil(() => snapshotOf(room!.doc) === snapshotOf(peers[0]!.doc));
    expect(snapshotOf(peers[1]!.doc), `seed ${seed}`).toBe(snapshotOf(peers[0]!.doc));
  });

  it('an edit made the moment the socket reopens, sent ahead of the offline edits it follows, is kept and the connection stays open', async () => {
    const boardId = await createBoardViaApi(server, 'Back online');
    const [writer, reader] = await Promise.all([1, 2].map(() => connectClient(server, boardId)));
    clients.push(writer!, reader!);
    const cardId = addCanvasItem(writer!.doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls' }, alice);
    await waitForConvergence([writer!.doc, reader!.doc]);

    writer!.provider.disconnect();
    const offline = addCanvasItem(writer!.doc, { kind: 'sticky', x: 10, y: 10, text: 'written offline' }, alice);
    // y-websocket sends its sync step 1 as the socket opens and each edit as it is made, but the offline edits only
    // in its sync step 2, once the server's step 1 has arrived: an edit made in that round trip reaches the server
    // before them, and it follows (under the same Yjs client id) edits the server has not seen yet. Here the edit is
    // made the moment the step 1 has gone (on this machine the server's step 1 often arrives with the handshake and
    // is answered before any other code runs, which a browser on a real network does not do).
    let online = '';
    const onStatus = ({ status }: { status: string }): void => {
      if (status !== 'connected' || online) return;
      const socket = writer!.provider.ws!;
      const send = socket.send.bind(socket);
      socket.send = (step1: Parameters<typeof send>[0]) => {
        send(step1);
        socket.send = send;
        online = addCanvasItem(writer!.doc, { kind: 'sticky', x: 20, y: 20, text: 'written as the socket opened' }, alice);
        updateCanvasItem(writer!.doc, offline, { text: 'written offline, then edited' }, alice);
      };
    };
    writer!.provider.on('status', onStatus);
    writer!.provider.connect();
    await waitUntil(() => online !== '' && writer!.provider.synced);
    writer!.provider.off('status', onStatus);

    await waitForConvergence([writer!.doc, reader!.doc]);
    const texts = listCanvasItems(reader!.doc).flatMap((r) => (r.ok ? [r.value.text] : []));
    expect(texts.sort()).toEqual(['Fewer falls', 'written as the socket opened', 'written offline, then edited']);
    expect(writer!.closeCodes).toEqual([]);
    expect(writer!.provider.wsconnected).toBe(true);
    expect(listCanvasItems(reader!.doc).some((r) => r.ok && r.value.id === cardId)).toBe(true);
    // And the store has it all: a newcomer gets the same board.
    const newcomer = await connectClient(server, boardId);
    clients.push(newcomer);
    await waitForConvergence([writer!.doc, newcomer.doc]);
  });
});

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** A seeded random number source (lib0's PRNG), so a failing run can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  const generator = prng.create(seed);
  return () => prng.real53(generator);
}
