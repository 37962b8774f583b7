import { addCanvasItem, type BoardId } from '@placeboard/board';
import { connectClient, waitForConvergence, type SyncClient } from './clients.js';
import { addMember, createBoardViaApi, startTestServer, type Auth, type TestServer } from './server.js';
import { storedSnapshot, type StoredSnapshot } from './stored.js';

/**
 * A fresh server and board with two honest y-websocket clients that have made one known edit, and what the store
 * held then: the set-up of every "a bad or hostile message changes nothing" test.
 */
export interface GuardedBoard {
  server: TestServer;
  boardId: BoardId;
  /** Two honest clients on the board. */
  good: [SyncClient, SyncClient];
  /** Who each honest client is signed in as: the owner, or the people named in the options. */
  auth: [Auth, Auth];
  /** The stored board once the known edit had landed. */
  before: StoredSnapshot;
  /** What the store holds now. */
  stored(): Promise<StoredSnapshot>;
  /** Waits until the board's room has handled every message it has received. */
  roomIdle(): Promise<void>;
  /** Closes the clients and the server. */
  close(): Promise<void>;
}

/**
 * Opens a {@link GuardedBoard}; `prepare` runs on the honest clients before the known edit is stored. The honest
 * clients are the server's owner, unless `people` names them: then each is an editor with their own account (their
 * presence shows that name).
 */
export async function openGuardedBoard(options: {
  env: Record<string, string>;
  title: string;
  people?: [string, string];
  prepare?: (good: [SyncClient, SyncClient]) => Promise<void>;
}): Promise<GuardedBoard> {
  const server = await startTestServer(options.env);
  const boardId = (await createBoardViaApi(server, options.title)) as BoardId;
  const auth: [Auth, Auth] = options.people
    ? [await addMember(server, boardId, options.people[0], 'editor'), await addMember(server, boardId, options.people[1], 'editor')]
    : [server.owner, server.owner];
  const good: [SyncClient, SyncClient] = [
    await connectClient(server, boardId, { auth: auth[0] }),
    await connectClient(server, boardId, { auth: auth[1] }),
  ];
  const roomIdle = async () => {
    await (await server.rooms.peek(boardId))?.idle();
  };
  const stored = () => storedSnapshot(server.store, boardId);
  await options.prepare?.(good);
  addCanvasItem(good[0].doc, { kind: 'sticky', x: 1, y: 2, text: 'known edit' }, { name: 'Alice' });
  await waitForConvergence(good.map((c) => c.doc));
  await roomIdle();
  const before = await stored();
  return {
    server,
    boardId,
    good,
    auth,
    before,
    stored,
    roomIdle,
    async close() {
      for (const client of good) client.destroy();
      await server.close();
    },
  };
}
