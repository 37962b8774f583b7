import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider, messageAwareness } from 'y-websocket';
import * as Y from 'yjs';
import { createBoardProvider } from '../../web/src/lib/sync/provider.js';
import { addMember, createBoardViaApi, startTestServer, type Auth, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** How many people move their cursors at once. */
const N = 5;

/** The client ids one awareness update carries (y-protocols/awareness: count, then id, clock, state for each). */
function clientIdsOf(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const ids: number[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder); // clock
    decoding.readVarString(decoder); // state, as JSON
  }
  return ids;
}

/**
 * The WebSocket a Node client uses, signed in as `auth`, that records every awareness frame (message type 1) it
 * sends to the server, as the client ids the frame carries. What a client sends is what the server receives.
 */
function countingWebSocket(auth: Auth, sent: number[][]): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: auth.headers });
      const send = this.send.bind(this) as (data: Uint8Array) => void;
      (this as unknown as { send: (data: Uint8Array) => void }).send = (data) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) === messageAwareness) sent.push(clientIdsOf(decoding.readVarUint8Array(decoder)));
        send(data);
      };
    }
  } as unknown as typeof globalThis.WebSocket;
}

type MakeProvider = (url: string, room: string, doc: Y.Doc, polyfill: typeof globalThis.WebSocket) => WebsocketProvider;

/** One person's client: its provider, the awareness frames it sent and how many changes of its own it made. */
interface Person {
  doc: Y.Doc;
  provider: WebsocketProvider;
  sent: number[][];
  ownChanges: number;
}

describe('presence: the board provider sends only its own awareness changes (issue 7)', () => {
  let server: TestServer;
  const people: Person[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const person of people) {
      person.provider.destroy();
      person.doc.destroy();
    }
    await server?.close();
  });

  /** N people on a fresh board, synced and each seeing everyone's presence; then the counts start from zero. */
  async function gather(make: MakeProvider, title: string): Promise<Person[]> {
    const boardId = await createBoardViaApi(server, title);
    const group: Person[] = [];
    for (let i = 0; i < N; i++) {
      const auth = await addMember(server, boardId, `${title} person ${i}`, 'editor');
      const doc = new Y.Doc();
      const sent: number[][] = [];
      const provider = make(server.wsUrl, boardId, doc, countingWebSocket(auth, sent));
      // As the web app does at once. (A first state at clock 0, as the Awareness constructor sets, is ignored by
      // y-protocols on the other side until its 15 s renewal.)
      provider.awareness.setLocalStateField('user', { name: `${title} person ${i}` });
      const person: Person = { doc, provider, sent, ownChanges: 0 };
      provider.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        if ([...added, ...updated, ...removed].includes(doc.clientID)) person.ownChanges += 1;
      });
      group.push(person);
      people.push(person);
    }
    await waitUntil(() => group.every((p) => p.provider.synced && p.provider.awareness.getStates().size === N));
    for (const person of group) {
      person.sent.length = 0;
      person.ownChanges = 0;
    }
    return group;
  }

  /** Everyone moves their cursor once; resolves when everyone sees every cursor. */
  async function moveCursors(group: Person[]): Promise<void> {
    group.forEach((person, i) => person.provider.awareness.setLocalStateField('cursor', { x: i, y: i }));
    await waitUntil(() =>
      group.every((person) => [...person.provider.awareness.getStates().values()].filter((state) => state.cursor !== undefined).length === N),
    );
  }

  it('with createBoardProvider each client sends one message per change of its own, carrying only itself', async () => {
    const group = await gather(
      (url, room, doc, polyfill) => createBoardProvider(url, room, doc, { WebSocketPolyfill: polyfill, maxBackoffTime: 200 }),
      'Board provider',
    );
    await moveCursors(group);
    for (const person of group) {
      expect(person.ownChanges).toBeGreaterThanOrEqual(1);
      expect(person.sent).toHaveLength(person.ownChanges);
      expect(person.sent.every((ids) => ids.length === 1 && ids[0] === person.doc.clientID)).toBe(true);
    }

    // Leaving (clearing its own state) is still sent, and reaches the others.
    const [leaver, ...others] = group as [Person, ...Person[]];
    leaver.provider.awareness.setLocalState(null);
    await waitUntil(() => others.every((p) => !p.provider.awareness.getStates().has(leaver.doc.clientID)));
    expect(leaver.sent).toHaveLength(leaver.ownChanges);
    expect(leaver.sent.at(-1)).toEqual([leaver.doc.clientID]);
    for (const person of others) expect(person.sent.every((ids) => ids.length === 1 && ids[0] === person.doc.clientID)).toBe(true);
  });

  it('the stock provider (control) also sends back every change it hears from the others', async () => {
    const group = await gather(
      (url, room, doc, polyfill) => new WebsocketProvider(url, room, doc, { WebSocketPolyfill: polyfill, maxBackoffTime: 200, disableBc: true }),
      'Stock provider',
    );
    await moveCursors(group);
    for (const person of group) {
      const others = new Set(person.sent.flat().filter((id) => id !== person.doc.clientID));
      // It relayed every other person's cursor: N − 1 entries that the server has already had.
      expect(others.size).toBe(N - 1);
      expect(person.sent.length).toBeGreaterThan(person.ownChanges);
    }
    const relayed = group.reduce((sum, p) => sum + p.sent.flat().filter((id) => id !== p.doc.clientID).length, 0);
    expect(relayed).toBeGreaterThanOrEqual(N * (N - 1));
  });
});
