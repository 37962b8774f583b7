import {
  addCanvasItem,
  addContribution,
  addCommentThread,
  addPartner,
  addPurpose,
  deleteCanvasItem,
  deleteThread,
  getCanvasItem,
  getRoots,
  listPurposes,
  listThreads,
  replyToThread,
  setAgreement,
  setCanvasVote,
  setContributionStatus,
  setThreadResolved,
  updateCanvasItem,
  updatePurpose,
  type BoardId,
  type Role,
} from '@placeboard/board';
import { CloseCode, MessageType } from '@placeboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCommunityContribution,
  auditLog,
  authorsOf,
  openRoleSocket,
  recordIncoming,
  updateCommunityContribution,
  type RoleSocket,
} from '../helpers/access.js';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { TEST_OWNER, addMember, createBoardViaApi, startTestServer, type Auth, type TestServer } from '../helpers/server.js';
import { storedDoc, storedSnapshot, type StoredSnapshot } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * The permission rules of DESIGN.md "Permissions, enforced on the server", each tried allowed and refused over a
 * real WebSocket by a real member of the board. Each update is made on a replica the server synced to that very
 * socket, with the board's own accessors, and sent by hand, so the test decides exactly what goes over the wire.
 *
 * A refused update must: reach the sender as an auth message (permission denied, with a reason) followed by close
 * 4403; leave the store exactly as it was; never reach the owner's honest clients, which carry on editing.
 */

const owner = { name: TEST_OWNER.name };
const cora = { name: 'Cora Contributor' };
/** Where community contributions are pinned: Old Trafford. */
const PLACE: [number, number] = [-2.29, 53.46];

/** The people on the board besides its owner, by role. */
const PEOPLE = {
  viewer: 'Vera Viewer',
  contributor: 'Cora Contributor',
  secondContributor: 'Cai Contributor',
  editor: 'Eddie Editor',
  unlinkedEditor: 'Una Editor',
  moderator: 'Mona Moderator',
} as const;
type Person = keyof typeof PEOPLE;
/** Each person's role; only Eddie is linked to a partner (partner A). */
const ROLE_OF: Record<Person, Role> = {
  viewer: 'viewer',
  contributor: 'contributor',
  secondContributor: 'contributor',
  editor: 'editor',
  unlinkedEditor: 'editor',
  moderator: 'moderator',
};

interface Board {
  server: TestServer;
  boardId: BoardId;
  /** The owner's honest client that must never see a refused edit. */
  observer: SyncClient;
  /** Every update the observer received from the server, in order. */
  incoming: Uint8Array[];
  /** A second honest owner client, whose edits show the observer is still being sent everything. */
  witness: SyncClient;
  auth: Record<Person, Auth>;
  seed: { partnerA: string; partnerB: string; card: string; sticky: string; ownerThread: string; purpose: string };
}

describe('access enforcement over the WebSocket', () => {
  let board: Board;
  const sockets: RoleSocket[] = [];
  const clients: SyncClient[] = [];

  const stored = (): Promise<StoredSnapshot> => storedSnapshot(board.server.store, board.boardId);
  const roomIdle = async (): Promise<void> => {
    await (await board.server.rooms.peek(board.boardId))?.idle();
  };
  const as = async (person: Person | 'owner'): Promise<RoleSocket> => {
    const socket = await openRoleSocket(board.server, board.boardId, person === 'owner' ? board.server.owner : board.auth[person]);
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    const server = await startTestServer();
    const boardId = (await createBoardViaApi(server, 'Access enforcement')) as BoardId;
    const observer = await connectClient(server, boardId);
    const witness = await connectClient(server, boardId);
    const doc = observer.doc;
    const partnerA = addPartner(doc, { organisation: 'Trafford Council', sector: 'local authority' }, owner);
    const partnerB = addPartner(doc, { organisation: 'Trafford Hospitals', sector: 'NHS' }, owner);
    const card = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls at home' }, owner);
    const sticky = addCanvasItem(doc, { kind: 'sticky', x: 300, y: 0, text: 'owner sticky' }, owner);
    const ownerThread = addCommentThread(doc, { kind: 'canvas', id: sticky }, 'owner asks a question', owner);
    const purpose = addPurpose(doc, { title: 'Why we meet' }, owner);
    await waitForConvergence([observer.doc, witness.doc]);
    const auth = {} as Record<Person, Auth>;
    for (const [person, name] of Object.entries(PEOPLE) as [Person, string][]) {
      auth[person] = await addMember(server, boardId, name, ROLE_OF[person], person === 'editor' ? partnerA : null);
    }
    board = {
      server,
      boardId,
      observer,
      witness,
      incoming: recordIncoming(observer),
      auth,
      seed: { partnerA, partnerB, card, sticky, ownerThread, purpose },
    };
    await roomIdle();
    expect((await stored()).content).toContain('owner asks a question');
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.ws.terminate();
    for (const client of clients.splice(0)) client.destroy();
    board.observer.destroy();
    board.witness.destroy();
    await board.server.close();
  });

  /**
   * The honest clients are untouched and carry on: an edit by the witness reaches the observer, and every update
   * the observer received since `mark` is that edit (nothing of anyone else's refused one); then an edit by the
   * observer reaches the witness and the store.
   */
  async function expectHonestClientsCarryOn(mark: number, absent: string[]): Promise<void> {
    const text = `witness after ${Math.random()}`;
    const id = addCanvasItem(board.witness.doc, { kind: 'sticky', x: 9, y: 9, text }, owner);
    await waitUntil(() => getCanvasItem(board.observer.doc, id)?.ok === true);
    const received = board.incoming.slice(mark);
    expect(received.length).toBeGreaterThan(0);
    for (const update of received) {
      const { writes, deletes } = authorsOf(update);
      expect([...writes]).toEqual([board.witness.doc.clientID]);
      expect([...deletes]).toEqual([]);
    }
    const seen = snapshotOf(board.observer.doc);
    for (const text of absent) expect(seen).not.toContain(text);
    const mine = `observer after ${Math.random()}`;
    const own = addCanvasItem(board.observer.doc, { kind: 'sticky', x: 8, y: 8, text: mine }, owner);
    await waitUntil(() => getCanvasItem(board.witness.doc, own)?.ok === true);
    await roomIdle();
    const after = (await stored()).content;
    expect(after).toContain(text);
    expect(after).toContain(mine);
    expect(board.observer.closeCodes).toEqual([]);
    expect(board.witness.closeCodes).toEqual([]);
  }

  /**
   * Sends `update` from `socket` and checks it was refused as the rules say: the auth message (type 2, permission
   * denied, a reason) and then close 4403; the store unchanged; the honest clients untouched. `absent` are texts
   * of the refused edit that must be found nowhere. Returns the reason.
   */
  async function expectRefused(
    socket: RoleSocket,
    update: Uint8Array,
    absent: string[] = [],
    as: 'update' | 'step2' = 'update',
  ): Promise<string> {
    await roomIdle();
    const before = await stored();
    const mark = board.incoming.length;
    socket.send(update, as);
    const { code } = await socket.closed;
    expect(code).toBe(CloseCode.forbidden);
    const [denial, close] = socket.events.slice(-2);
    expect(denial?.kind).toBe('message');
    if (denial?.kind !== 'message' || denial.message.type !== 'auth-denied') throw new Error(`expected an auth message before the close, got ${JSON.stringify(denial)}`);
    expect(denial.bytes[0]).toBe(MessageType.auth);
    expect(denial.message.reason).toMatch(/\w/);
    expect(close).toMatchObject({ kind: 'close', code: CloseCode.forbidden });
    expect(socket.deniedReasons()).toEqual([denial.message.reason]);
    await roomIdle();
    expect(await stored()).toEqual(before);
    const kept = snapshotOf(await storedDoc(board.server.store, board.boardId));
    for (const text of absent) expect(kept).not.toContain(text);
    await expectHonestClientsCarryOn(mark, absent);
    return denial.message.reason;
  }

  /** Sends `update` from `socket` and checks it was taken: stored as one update, seen by the observer, socket open. */
  async function expectAccepted(socket: RoleSocket, update: Uint8Array, visible: (doc: Y.Doc) => boolean): Promise<void> {
    await roomIdle();
    const before = await stored();
    socket.send(update);
    await waitUntil(() => visible(board.observer.doc));
    await roomIdle();
    const after = await stored();
    expect(after.lastSeq).toBe(before.lastSeq + 1);
    expect(visible(await storedDoc(board.server.store, board.boardId))).toBe(true);
    expect(socket.isOpen()).toBe(true);
    expect(socket.deniedReasons()).toEqual([]);
  }

  const threadOf = (doc: Y.Doc, id: string) => {
    const found = listThreads(doc).find((r) => r.ok && r.value.id === id);
    return found?.ok ? found.value : undefined;
  };
  const contributionOf = (doc: Y.Doc, id: string) => {
    const record = getRoots(doc).community.get(id);
    return record instanceof Y.Map ? (record.toJSON() as { text: string; status: string; createdBy: string }) : undefined;
  };
  const agreementOf = (doc: Y.Doc, partner: string) => {
    const card = getCanvasItem(doc, board.seed.card);
    return card?.ok ? card.value.agreement[partner] : undefined;
  };

  describe('viewer', () => {
    it("a viewer's new sticky is refused: auth message then 4403; nothing stored, nothing sent on", async () => {
      const vera = await as('viewer');
      const update = vera.edit((doc) => addCanvasItem(doc, { kind: 'sticky', x: 1, y: 1, text: 'viewer was here' }, { name: 'Vera' }));
      const reason = await expectRefused(vera, update, ['viewer was here']);
      expect(reason).toMatch(/viewer/);
    });

    for (const how of ['update', 'step2'] as const) {
      it(`a viewer deleting the owner's sticky is refused (sent as a sync ${how === 'update' ? 'update' : 'step 2'})`, async () => {
        const vera = await as('viewer');
        const update = vera.edit((doc) => deleteCanvasItem(doc, board.seed.sticky));
        await expectRefused(vera, update, [], how);
        expect(getCanvasItem(board.observer.doc, board.seed.sticky)?.ok).toBe(true);
        expect(getCanvasItem(await storedDoc(board.server.store, board.boardId), board.seed.sticky)?.ok).toBe(true);
      });
    }

    it("a viewer's presence is shown to others, with the name and role the server writes over a forged one", async () => {
      const vera = await as('viewer');
      const id = vera.doc.clientID;
      vera.sendAwareness({ user: { name: 'Forged Owner', role: 'owner', colour: '#aa0000' }, pane: 'outcomes' });
      const stateOf = (client: number) =>
        board.observer.provider.awareness.getStates().get(client) as { user?: Record<string, unknown>; pane?: string } | undefined;
      await waitUntil(() => stateOf(id) !== undefined);
      // And the presence key of the viewer's account on this board (see the presence-key test in security.test.ts).
      const key = stateOf(id)?.user?.key;
      expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(stateOf(id)).toEqual({ user: { name: PEOPLE.viewer, role: 'viewer', colour: '#aa0000', key }, pane: 'outcomes' });
      // Presence is all a viewer may send: the socket stays open.
      await roomIdle();
      expect(vera.isOpen()).toBe(true);
      expect(vera.deniedReasons()).toEqual([]);

      // The same through the stock provider, as the web app sends it: the server's name and role win.
      const stock = await connectClient(board.server, board.boardId, { auth: board.auth.viewer });
      clients.push(stock);
      stock.provider.awareness.setLocalStateField('user', { name: 'Not Vera', role: 'owner' });
      await waitUntil(() => stateOf(stock.doc.clientID)?.user?.name === PEOPLE.viewer);
      expect(stateOf(stock.doc.clientID)?.user).toEqual({ name: PEOPLE.viewer, role: 'viewer', key });
      expect(stock.closeCodes).toEqual([]);
    });
  });

  describe('contributor', () => {
    it('adds a comment thread: stored and sent on', async () => {
      const socket = await as('contributor');
      let id = '';
      const update = socket.edit((doc) => {
        id = addCommentThread(doc, { kind: 'canvas', id: board.seed.card }, 'contributor wonders', cora);
      });
      await expectAccepted(socket, update, (doc) => threadOf(doc, id)?.messages[0]?.text === 'contributor wonders');
    });

    it("replies to the owner's thread: stored and sent on", async () => {
      const socket = await as('contributor');
      const update = socket.edit((doc) => replyToThread(doc, board.seed.ownerThread, 'contributor replies', cora));
      await expectAccepted(socket, update, (doc) => threadOf(doc, board.seed.ownerThread)?.messages.at(-1)?.text === 'contributor replies');
    });

    it("resolving the owner's thread is refused", async () => {
      const socket = await as('contributor');
      const update = socket.edit((doc) => setThreadResolved(doc, board.seed.ownerThread, true, cora));
      await expectRefused(socket, update);
      expect(threadOf(board.observer.doc, board.seed.ownerThread)?.resolved).toBe(false);
    });

    it("deleting the owner's thread is refused", async () => {
      const socket = await as('contributor');
      const update = socket.edit((doc) => deleteThread(doc, board.seed.ownerThread));
      await expectRefused(socket, update);
      expect(threadOf(board.observer.doc, board.seed.ownerThread)).toBeDefined();
    });

    it("editing the owner's canvas sticky is refused", async () => {
      const socket = await as('contributor');
      const update = socket.edit((doc) => updateCanvasItem(doc, board.seed.sticky, { text: 'contributor rewrote it' }, cora));
      await expectRefused(socket, update, ['contributor rewrote it']);
    });

    it('renaming a purpose is refused', async () => {
      const socket = await as('contributor');
      const update = socket.edit((doc) => updatePurpose(doc, board.seed.purpose, { title: 'contributor purpose' }, cora));
      await expectRefused(socket, update, ['contributor purpose']);
    });

    it('community: adds a contribution, edits its own text from another connection, may not publish it; a moderator publishes it', async () => {
      const first = await as('contributor');
      let id = '';
      const created = first.edit((doc) => {
        id = addContribution(doc, { point: PLACE, category: 'idea', text: 'the bench by the library is gone' }, cora);
      });
      await expectAccepted(first, created, (doc) => contributionOf(doc, id)?.status === 'pending');

      // Ownership goes with the account, not the socket.
      const second = await as('contributor');
      const edited = second.edit((doc) => updateCommunityContribution(doc, id, { text: 'the bench by the library was removed in May' }, cora));
      await expectAccepted(second, edited, (doc) => contributionOf(doc, id)?.text === 'the bench by the library was removed in May');

      const publish = second.edit((doc) => setContributionStatus(doc, id, 'published', cora));
      expect(await expectRefused(second, publish)).toMatch(/status|moderator/);
      expect(contributionOf(board.observer.doc, id)?.status).toBe('pending');

      // Another contributor may not change it either.
      const cai = await as('secondContributor');
      const hijack = cai.edit((doc) => updateCommunityContribution(doc, id, { text: 'nothing happened here' }, { name: 'Cai' }));
      await expectRefused(cai, hijack, ['nothing happened here']);

      const mona = await as('moderator');
      const published = mona.edit((doc) => setContributionStatus(doc, id, 'published', { name: 'Mona' }));
      await expectAccepted(mona, published, (doc) => contributionOf(doc, id)?.status === 'published');
      expect(contributionOf(board.observer.doc, id)?.text).toBe('the bench by the library was removed in May');
    });

    it('a contribution added already published is refused', async () => {
      const socket = await as('contributor');
      const update = socket.edit((doc) => addCommunityContribution(doc, { text: 'self-published', status: 'published' }, cora));
      await expectRefused(socket, update, ['self-published']);
    });
  });

  describe('editor', () => {
    it("sets its own partner's agreement; another partner's is refused", async () => {
      const eddie = await as('editor');
      const own = eddie.edit((doc) => setAgreement(doc, board.seed.card, board.seed.partnerA, 'agreed', { name: 'Eddie' }));
      await expectAccepted(eddie, own, (doc) => agreementOf(doc, board.seed.partnerA)?.state === 'agreed');

      const other = eddie.edit((doc) => setAgreement(doc, board.seed.card, board.seed.partnerB, 'concerns', { name: 'Eddie' }));
      expect(await expectRefused(eddie, other)).toContain(board.seed.partnerB);
      expect(agreementOf(board.observer.doc, board.seed.partnerB)).toBeUndefined();
      expect(agreementOf(await storedDoc(board.server.store, board.boardId), board.seed.partnerB)).toBeUndefined();
    });

    it("an editor linked to no partner cannot set any partner's agreement", async () => {
      const una = await as('unlinkedEditor');
      const update = una.edit((doc) => setAgreement(doc, board.seed.card, board.seed.partnerA, 'agreed', { name: 'Una' }));
      await expectRefused(una, update);
      expect(agreementOf(board.observer.doc, board.seed.partnerA)).toBeUndefined();
    });

    it('edits the plan (a purpose), but is a contributor on the community root: may not publish', async () => {
      const eddie = await as('editor');
      const renamed = eddie.edit((doc) => updatePurpose(doc, board.seed.purpose, { title: 'Why the partnership meets' }, { name: 'Eddie' }));
      await expectAccepted(eddie, renamed, (doc) => listPurposes(doc).some((r) => r.ok && r.value.title === 'Why the partnership meets'));

      const cora_ = await as('contributor');
      let id = '';
      const created = cora_.edit((doc) => {
        id = addContribution(doc, { point: PLACE, category: 'idea', text: 'a contributor idea' }, cora);
      });
      await expectAccepted(cora_, created, (doc) => contributionOf(doc, id) !== undefined);
      // The editor's replica has it too once the server sent it on.
      await waitUntil(() => contributionOf(eddie.doc, id) !== undefined);
      const publish = eddie.edit((doc) => setContributionStatus(doc, id, 'published', { name: 'Eddie' }));
      await expectRefused(eddie, publish);
      expect(contributionOf(board.observer.doc, id)?.status).toBe('pending');
    });
  });

  describe('what no client may do, whatever its role', () => {
    it("an editor cannot set meta.schemaVersion (the board would no longer load)", async () => {
      const eddie = await as('editor');
      const update = eddie.edit((doc) => getRoots(doc).meta.set('schemaVersion', 9999));
      expect(await expectRefused(eddie, update)).toContain('schemaVersion');
      // The board still loads for someone new.
      const fresh = await connectClient(board.server, board.boardId);
      clients.push(fresh);
      expect(getRoots(fresh.doc).meta.get('schemaVersion')).not.toBe(9999);
    });

    it("an editor cannot wipe partners' agreement by deleting a card and recreating it under the same id", async () => {
      const eddie = await as('editor');
      const agreed = eddie.edit((doc) => setAgreement(doc, board.seed.card, board.seed.partnerA, 'agreed', { name: PEOPLE.editor }));
      await expectAccepted(eddie, agreed, (doc) => agreementOf(doc, board.seed.partnerA)?.state === 'agreed');
      const replaced = eddie.edit((doc) => {
        const canvas = getRoots(doc).canvas;
        const copy = new Y.Map<unknown>();
        for (const [key, value] of canvas.get(board.seed.card)!.entries()) if (key !== 'agreement') copy.set(key, value instanceof Y.AbstractType ? value.clone() : value);
        copy.set('agreement', new Y.Map());
        canvas.set(board.seed.card, copy);
      });
      expect(await expectRefused(eddie, replaced)).toContain('agreement');
      expect(agreementOf(board.observer.doc, board.seed.partnerA)?.state).toBe('agreed');
    });

    it("a contributor cannot post a reply in someone else's name", async () => {
      const socket = await as('contributor');
      const update = socket.edit((doc) => replyToThread(doc, board.seed.ownerThread, 'forged reply', owner));
      expect(await expectRefused(socket, update, ['forged reply'])).toContain(PEOPLE.contributor);
    });
  });

  describe('a forbidden change split across two messages', () => {
    it('first an allowed thread, then a reply to it together with a vote on the owner sticky: the second is refused whole, the first stays', async () => {
      const socket = await as('contributor');
      let thread = '';
      const first = socket.edit((doc) => {
        thread = addCommentThread(doc, { kind: 'canvas', id: board.seed.card }, 'first half, allowed', cora);
      });
      // The second depends on the first (the reply goes into the thread's messages) and reaches into `canvas`
      // through a nested map named only by its item id: no root name appears in it.
      const second = socket.edit((doc) =>
        doc.transact(() => {
          replyToThread(doc, thread, 'second half, refused', cora);
          setCanvasVote(doc, board.seed.sticky, 'Cora', 5);
        }),
      );
      expect(JSON.stringify(Y.decodeUpdate(second).structs.map((s) => (s as Y.Item).parent))).not.toContain('canvas');
      await expectAccepted(socket, first, (doc) => threadOf(doc, thread) !== undefined);
      await expectRefused(socket, second, ['second half, refused']);
      const kept = await storedDoc(board.server.store, board.boardId);
      expect(threadOf(kept, thread)?.messages.map((m) => m.text)).toEqual(['first half, allowed']);
      expect(threadOf(board.observer.doc, thread)?.messages.map((m) => m.text)).toEqual(['first half, allowed']);
      const sticky = getCanvasItem(kept, board.seed.sticky);
      expect(sticky?.ok && sticky.value.votes).toEqual({});
    });

    it('first an allowed pending contribution, then only its status: the second (no root name in it) is refused, the first stays', async () => {
      const socket = await as('contributor');
      let id = '';
      const first = socket.edit((doc) => {
        id = addContribution(doc, { point: PLACE, category: 'idea', text: 'split contribution' }, cora);
      });
      const second = socket.edit((doc) => setContributionStatus(doc, id, 'published', cora));
      expect(Y.decodeUpdate(second).structs.every((s) => typeof (s as Y.Item).parent !== 'string')).toBe(true);
      await expectAccepted(socket, first, (doc) => contributionOf(doc, id)?.status === 'pending');
      await expectRefused(socket, second);
      expect(contributionOf(await storedDoc(board.server.store, board.boardId), id)?.status).toBe('pending');
      expect(contributionOf(board.observer.doc, id)?.status).toBe('pending');
    });
  });

  describe('updates that would leave pending structs', () => {
    it('an update whose dependency was never sent is refused (4422); nothing is stored or sent on', async () => {
      const socket = await as('contributor');
      let thread = '';
      socket.edit((doc) => {
        thread = addCommentThread(doc, { kind: 'canvas', id: board.seed.card }, 'never sent', cora);
      });
      const orphan = socket.edit((doc) => replyToThread(doc, thread, 'orphan reply', cora));
      await roomIdle();
      const before = await stored();
      const mark = board.incoming.length;
      socket.send(orphan);
      const { code, reason } = await socket.closed;
      expect(code).toBe(CloseCode.updateRejected);
      expect(reason).toMatch(/unknown/);
      await roomIdle();
      expect(await stored()).toEqual(before);
      await expectHonestClientsCarryOn(mark, ['never sent', 'orphan reply']);
      const server = (await board.server.rooms.peek(board.boardId))!;
      expect(server.doc.store.pendingStructs).toBeNull();
    });

    it('an update deleting items the server never saw is refused (4422)', async () => {
      const socket = await as('contributor');
      let thread = '';
      socket.edit((doc) => {
        thread = addCommentThread(doc, { kind: 'canvas', id: board.seed.card }, 'made then unmade', cora);
      });
      const deletion = socket.edit((doc) => deleteThread(doc, thread));
      await roomIdle();
      const before = await stored();
      socket.send(deletion);
      expect((await socket.closed).code).toBe(CloseCode.updateRejected);
      await roomIdle();
      expect(await stored()).toEqual(before);
      const server = (await board.server.rooms.peek(board.boardId))!;
      expect(server.doc.store.pendingDs).toBeNull();
    });
  });

  describe('the stock y-websocket client after a 4403', () => {
    it('with the same doc it is refused again; with a fresh doc it syncs to the server state, without the refused edit', async () => {
      await roomIdle();
      const before = await stored();
      const viewer = await connectClient(board.server, board.boardId, { auth: board.auth.viewer });
      clients.push(viewer);
      addCanvasItem(viewer.doc, { kind: 'sticky', x: 5, y: 5, text: 'stock viewer edit' }, { name: 'Vera' });
      await waitUntil(() => viewer.closeCodes.includes(CloseCode.forbidden));
      await roomIdle();
      expect(await stored()).toEqual(before);

      // Reconnecting with the doc that still holds the edit sends it again (its sync step 2): refused again.
      viewer.provider.connect();
      await waitUntil(() => viewer.closeCodes.filter((c) => c === CloseCode.forbidden).length === 2);
      await roomIdle();
      expect(await stored()).toEqual(before);

      // Thrown away and started afresh, as the web app does on 4403.
      viewer.destroy();
      const fresh = await connectClient(board.server, board.boardId, { auth: board.auth.viewer });
      clients.push(fresh);
      await waitForConvergence([fresh.doc, board.observer.doc]);
      expect(snapshotOf(fresh.doc)).not.toContain('stock viewer edit');
      expect(snapshotOf(fresh.doc)).toBe(before.content);
      await roomIdle();
      expect(fresh.closeCodes).toEqual([]);
      expect(snapshotOf(board.observer.doc)).not.toContain('stock viewer edit');
    });
  });

  describe('audit log', () => {
    it("one 'update' line per accepted update, with the actor's name, sections and records; none for refused ones", async () => {
      await roomIdle();
      const baseline = await auditLog(board.server, board.boardId);
      const baseSeq = (await stored()).lastSeq;
      // The owner's set-up edits are there already, as the owner's.
      const seeded = baseline.filter((e) => e.kind === 'update');
      expect(seeded.length).toBe(baseSeq);
      expect(new Set(seeded.map((e) => e.actorName))).toEqual(new Set([TEST_OWNER.name]));

      const contributor = await as('contributor');
      let thread = '';
      await expectAccepted(
        contributor,
        contributor.edit((doc) => {
          thread = addCommentThread(doc, { kind: 'canvas', id: board.seed.card }, 'audited thread', cora);
        }),
        (doc) => threadOf(doc, thread) !== undefined,
      );
      await expectAccepted(
        contributor,
        contributor.edit((doc) => replyToThread(doc, board.seed.ownerThread, 'audited reply', cora)),
        (doc) => threadOf(doc, board.seed.ownerThread)?.messages.length === 2,
      );
      let contribution = '';
      await expectAccepted(
        contributor,
        contributor.edit((doc) => {
          contribution = addContribution(doc, { point: PLACE, category: 'idea', text: 'audited contribution' }, cora);
        }),
        (doc) => contributionOf(doc, contribution) !== undefined,
      );
      await expectRefused(contributor, contributor.edit((doc) => setThreadResolved(doc, board.seed.ownerThread, true, cora)));

      const mona = await as('moderator');
      await expectAccepted(
        mona,
        mona.edit((doc) => setContributionStatus(doc, contribution, 'published', { name: 'Mona' })),
        (doc) => contributionOf(doc, contribution)?.status === 'published',
      );
      const eddie = await as('editor');
      await expectAccepted(
        eddie,
        eddie.edit((doc) => setAgreement(doc, board.seed.card, board.seed.partnerA, 'agreed', { name: 'Eddie' })),
        (doc) => agreementOf(doc, board.seed.partnerA) !== undefined,
      );
      await expectRefused(eddie, eddie.edit((doc) => setAgreement(doc, board.seed.card, board.seed.partnerB, 'agreed', { name: 'Eddie' })));
      const vera = await as('viewer');
      await expectRefused(vera, vera.edit((doc) => addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, text: 'unaudited' }, { name: 'Vera' })));

      const log = await auditLog(board.server, board.boardId);
      const known = new Set(baseline.map((e) => e.id));
      const lines = log.filter((e) => !known.has(e.id) && e.kind === 'update');
      // The honest clients' own edits after each refusal are audited too, as the owner's.
      const others = lines.filter((e) => e.actorName !== TEST_OWNER.name);
      expect(others.map((e) => ({ actorName: e.actorName, roots: e.roots, records: [...e.records].sort() }))).toEqual([
        { actorName: PEOPLE.contributor, roots: ['comments'], records: [`comments/${thread}`] },
        { actorName: PEOPLE.contributor, roots: ['comments'], records: [`comments/${board.seed.ownerThread}`] },
        { actorName: PEOPLE.contributor, roots: ['community'], records: [`community/${contribution}`] },
        { actorName: PEOPLE.moderator, roots: ['community'], records: [`community/${contribution}`] },
        { actorName: PEOPLE.editor, roots: ['canvas'], records: [`canvas/${board.seed.card}`] },
      ]);
      for (const line of others) {
        expect(line.actor).toMatch(/^user:/);
        expect(line.bytes).toBeGreaterThan(0);
      }
      // One line per stored update, and no more: nothing for the three refused ones.
      const after = await stored();
      expect(lines.length).toBe(after.lastSeq - baseSeq);
      expect(lines.filter((e) => e.actorName === TEST_OWNER.name).every((e) => e.roots.length === 1 && e.roots[0] === 'canvas')).toBe(true);
      expect(JSON.stringify(log)).not.toContain(PEOPLE.viewer);
    });
  });
});
