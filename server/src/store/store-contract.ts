import { newBoardId, type BoardId } from '@placeboard/board';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PlaceboardStore } from './types.js';
import type { AuditEvent } from './access-types.js';

/** Makes a fresh, empty store for one test. `reopen` (when the backend is durable) opens the same data again. */
export interface StoreFactory {
  /** A fresh, empty store. */
  make(): Promise<PlaceboardStore>;
  /**
   * Opens a second store on the data of the last one `make` returned, after that one was closed. Omit for
   * backends that keep nothing once closed (SQLite ':memory:').
   */
  reopen?: () => Promise<PlaceboardStore>;
  /** Removes whatever `make` created (temp files, schemas). */
  cleanup?: () => Promise<void>;
}

const bytes = (...values: number[]) => new Uint8Array(values);
const plain = (value: Uint8Array | null | undefined) => (value ? [...value] : value);

/** One Yjs update per call, each depending on the one before, as a client makes them. */
function editor() {
  const doc = new Y.Doc();
  doc.clientID = 7;
  return {
    doc,
    edit(key: string, value: number): Uint8Array {
      let update!: Uint8Array;
      doc.once('update', (u: Uint8Array) => (update = u));
      doc.getMap('canvas').set(key, value);
      return update;
    },
  };
}

/** Replays what the store holds into a fresh doc. */
function replay(stored: { state: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * The behaviour every {@link BoardStore} must have. Call it from a test file with a factory for one backend:
 * `storeContract('sqlite (file)', { make: ..., reopen: ... })`. The same suite is meant to run on PostgreSQL.
 */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`BoardStore contract: ${name}`, () => {
    let store: PlaceboardStore;
    let open = false;

    beforeEach(async () => {
      store = await factory.make();
      open = true;
    });
    afterEach(async () => {
      if (open) await store.close();
      open = false;
      await factory.cleanup?.();
    });

    async function create(title = 'Board', now = 1000, state: Uint8Array = bytes(0, 0)): Promise<BoardId> {
      const id = newBoardId();
      const summary = await store.createBoard({ id, title, state, now });
      expect(summary).toEqual({ id, title, createdAt: now, updatedAt: now });
      return id;
    }

    it('starts empty', async () => {
      expect(await store.listBoards()).toEqual([]);
    });

    it('creates, gets and lists boards, most recently updated first', async () => {
      const a = await create('Alpha', 1000);
      const b = await create('Beta', 2000);
      expect(await store.getBoard(a)).toEqual({ id: a, title: 'Alpha', createdAt: 1000, updatedAt: 1000 });
      expect((await store.listBoards()).map((s) => s.id)).toEqual([b, a]);
      await store.appendUpdate(a, bytes(1), 3000);
      expect((await store.listBoards()).map((s) => s.id)).toEqual([a, b]);
      expect(await store.getBoard(a)).toEqual({ id: a, title: 'Alpha', createdAt: 1000, updatedAt: 3000 });
    });

    it('keeps titles as given, including non-ASCII text', async () => {
      const id = await create('Sale & Altrincham – café ✓');
      expect((await store.getBoard(id))?.title).toBe('Sale & Altrincham – café ✓');
    });

    it('renames a board and updates its timestamp', async () => {
      const id = await create('Old', 1000);
      expect(await store.renameBoard(id, 'New', 5000)).toEqual({ id, title: 'New', createdAt: 1000, updatedAt: 5000 });
      expect(await store.getBoard(id)).toEqual({ id, title: 'New', createdAt: 1000, updatedAt: 5000 });
      expect((await store.listBoards()).map((s) => s.title)).toEqual(['New']);
    });

    it('deletes a board', async () => {
      const keep = await create('Keep');
      const gone = await create('Gone');
      expect(await store.deleteBoard(gone)).toBe(true);
      expect(await store.getBoard(gone)).toBeUndefined();
      expect(await store.loadDocument(gone)).toBeUndefined();
      expect((await store.listBoards()).map((s) => s.id)).toEqual([keep]);
      expect(await store.deleteBoard(gone)).toBe(false);
    });

    it('answers undefined or false for unknown ids', async () => {
      await create();
      const unknown = newBoardId();
      expect(await store.getBoard(unknown)).toBeUndefined();
      expect(await store.renameBoard(unknown, 'x', 1)).toBeUndefined();
      expect(await store.deleteBoard(unknown)).toBe(false);
      expect(await store.loadDocument(unknown)).toBeUndefined();
      expect(await store.listBoards()).toHaveLength(1);
    });

    it('loads a new board as its initial state and no updates', async () => {
      const source = new Y.Doc();
      source.getMap('meta').set('title', 'Initial');
      const state = Y.encodeStateAsUpdate(source);
      const id = await create('Initial', 1000, state);
      const stored = await store.loadDocument(id);
      expect(plain(stored?.state)).toEqual([...state]);
      expect(stored?.updates).toEqual([]);
      expect(replay(stored!).getMap('meta').get('title')).toBe('Initial');
    });

    it('appends updates with increasing sequence numbers, across boards', async () => {
      const a = await create('A');
      const b = await create('B');
      const seqs: number[] = [];
      for (let i = 0; i < 10; i++) seqs.push(await store.appendUpdate(i % 2 ? a : b, bytes(i), 2000 + i));
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
      const storedA = await store.loadDocument(a);
      expect(storedA?.updates.map(plain)).toEqual([[1], [3], [5], [7], [9]]);
      expect(storedA?.lastSeq).toBe(seqs[9]);
      expect((await store.loadDocument(b))?.updates.map(plain)).toEqual([[0], [2], [4], [6], [8]]);
    });

    it('stores update bytes exactly, including zero bytes and large updates', async () => {
      const id = await create();
      const big = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
      await store.appendUpdate(id, bytes(0, 0, 0), 1);
      await store.appendUpdate(id, big, 2);
      const stored = await store.loadDocument(id);
      expect(plain(stored?.updates[0])).toEqual([0, 0, 0]);
      expect(Buffer.from(stored!.updates[1]!).equals(Buffer.from(big))).toBe(true);
    });

    it('loadDocument returns the state and the updates after its seq, in order, that replay to the document', async () => {
      const id = await create('Doc', 1000, Y.encodeStateAsUpdate(new Y.Doc()));
      const e = editor();
      for (let i = 0; i < 5; i++) await store.appendUpdate(id, e.edit(`k${i}`, i), 2000 + i);
      const stored = await store.loadDocument(id);
      expect(stored?.updates).toHaveLength(5);
      expect(replay(stored!).getMap('canvas').toJSON()).toEqual(e.doc.getMap('canvas').toJSON());
    });

    it('compact replaces the state and drops the updates up to seq, keeping the later ones', async () => {
      const id = await create('Doc', 1000, Y.encodeStateAsUpdate(new Y.Doc()));
      const e = editor();
      const seqs: number[] = [];
      const shadow = new Y.Doc();
      for (let i = 0; i < 6; i++) {
        const update = e.edit(`k${i}`, i);
        seqs.push(await store.appendUpdate(id, update, 2000 + i));
        if (i < 4) Y.applyUpdate(shadow, update);
      }
      // Fold the first four into a state; the last two stay as updates.
      await store.compact(id, Y.encodeStateAsUpdate(shadow), seqs[3]!);
      const stored = await store.loadDocument(id);
      expect(plain(stored?.state)).toEqual([...Y.encodeStateAsUpdate(shadow)]);
      expect(stored?.updates).toHaveLength(2);
      expect(stored?.lastSeq).toBe(seqs[5]);
      expect(stored?.stateSeq).toBe(seqs[3]);
      expect(replay(stored!).getMap('canvas').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5 });

      // Compacting everything leaves a state alone, and lastSeq still names the last update folded in.
      await store.compact(id, Y.encodeStateAsUpdate(e.doc), seqs[5]!);
      const all = await store.loadDocument(id);
      expect(all?.updates).toEqual([]);
      expect(all?.lastSeq).toBe(seqs[5]);
      expect(all?.stateSeq).toBe(seqs[5]);
      expect(replay(all!).getMap('canvas').toJSON()).toEqual(e.doc.getMap('canvas').toJSON());

      // New updates after a compaction get later seqs and are loaded after the state.
      const next = await store.appendUpdate(id, e.edit('k6', 6), 3000);
      expect(next).toBeGreaterThan(seqs[5]!);
      const after = await store.loadDocument(id);
      expect(after?.updates).toHaveLength(1);
      expect(after?.lastSeq).toBe(next);
      expect(replay(after!).getMap('canvas').get('k6')).toBe(6);
    });

    it('a compaction that lands after a later one changes nothing: the state with more folded in stays', async () => {
      const id = await create('Doc', 1000, Y.encodeStateAsUpdate(new Y.Doc()));
      const e = editor();
      const seqs: number[] = [];
      const early = new Y.Doc();
      for (let i = 0; i < 6; i++) {
        const update = e.edit(`k${i}`, i);
        seqs.push(await store.appendUpdate(id, update, 2000 + i));
        if (i < 3) Y.applyUpdate(early, update);
      }
      const late = Y.encodeStateAsUpdate(e.doc);
      await store.compact(id, late, seqs[5]!);
      // The earlier compaction's write, arriving last (a slow connection, a room unloaded and loaded again).
      await store.compact(id, Y.encodeStateAsUpdate(early), seqs[2]!);
      const stored = await store.loadDocument(id);
      expect(plain(stored?.state)).toEqual([...late]);
      expect(stored?.stateSeq).toBe(seqs[5]);
      expect(stored?.updates).toEqual([]);
      expect(replay(stored!).getMap('canvas').toJSON()).toEqual(e.doc.getMap('canvas').toJSON());
    });

    it('leaves out a state the caller says it holds, and only that one', async () => {
      const id = await create('Doc', 1000, Y.encodeStateAsUpdate(new Y.Doc()));
      const e = editor();
      const first = await store.appendUpdate(id, e.edit('a', 1), 2000);
      const state = Y.encodeStateAsUpdate(e.doc);
      await store.compact(id, state, first);
      const later = e.edit('b', 2);
      const second = await store.appendUpdate(id, later, 3000);

      const held = await store.loadDocument(id, { heldStateSeq: first });
      expect(held).toMatchObject({ state: null, stateSeq: first, lastSeq: second });
      expect(held?.updates.map(plain)).toEqual([[...later]]);
      // Holding an older state (or none) is not holding this one: it comes whole.
      for (const heldStateSeq of [0, -1, undefined]) {
        const whole = await store.loadDocument(id, heldStateSeq === undefined ? undefined : { heldStateSeq });
        expect(plain(whole?.state), String(heldStateSeq)).toEqual([...state]);
        expect(replay(whole!).getMap('canvas').toJSON(), String(heldStateSeq)).toEqual({ a: 1, b: 2 });
      }
    });

    it('compacting one board leaves the others alone', async () => {
      const a = await create('A');
      const b = await create('B');
      const seqA = await store.appendUpdate(a, bytes(1), 1);
      await store.appendUpdate(b, bytes(2), 2);
      await store.compact(a, bytes(9), seqA);
      expect(plain((await store.loadDocument(a))?.state)).toEqual([9]);
      const storedB = await store.loadDocument(b);
      expect(storedB?.updates.map(plain)).toEqual([[2]]);
      expect(plain(storedB?.state)).toEqual([0, 0]);
    });

    it('compaction is atomic with concurrent appends: nothing is lost or loaded twice', async () => {
      const id = await create('Doc', 1000, Y.encodeStateAsUpdate(new Y.Doc()));
      const e = editor();
      const shadow = new Y.Doc();
      let upto = 0;
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        const update = e.edit(`k${i}`, i);
        const seq = await store.appendUpdate(id, update, i);
        Y.applyUpdate(shadow, update);
        if (i % 10 === 9) {
          upto = seq;
          // Started but not awaited before the next appends.
          pending.push(store.compact(id, Y.encodeStateAsUpdate(shadow), upto));
        }
      }
      await Promise.all(pending);
      const stored = await store.loadDocument(id);
      expect(stored?.updates).toHaveLength(0);
      expect(replay(stored!).getMap('canvas').toJSON()).toEqual(e.doc.getMap('canvas').toJSON());
    });

    it('appendUpdates stores a batch in order after what was there, with increasing seqs; an empty batch stores nothing', async () => {
      const a = await create('A');
      const b = await create('B');
      const s0 = await store.appendUpdate(a, bytes(1), 1);
      const seqs = await store.appendUpdates(a, [{ update: bytes(2) }, { update: bytes(3) }, { update: bytes(4) }], 2);
      expect(seqs).toHaveLength(3);
      expect([s0, ...seqs]).toEqual([...[s0, ...seqs]].sort((x, y) => x - y));
      expect(new Set([s0, ...seqs]).size).toBe(4);
      expect(await store.appendUpdates(b, [], 3)).toEqual([]);
      const stored = await store.loadDocument(a);
      expect(stored?.updates.map(plain)).toEqual([[1], [2], [3], [4]]);
      expect(stored?.lastSeq).toBe(seqs[2]);
      expect((await store.loadDocument(b))?.updates).toEqual([]);
      expect((await store.getBoard(a))?.updatedAt).toBe(2);
    });

    it('appends made at the same time are each stored or refused on their own', async () => {
      const a = await create('A');
      const b = await create('B');
      const results = await Promise.allSettled([
        store.appendUpdates(a, [{ update: bytes(1) }], 2),
        store.appendUpdates('nope' as BoardId, [{ update: bytes(2) }], 2),
        store.appendUpdate(b, bytes(3), 2),
        store.appendUpdates(a, [{ update: bytes(4) }, { update: bytes(5) }], 2),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((await store.loadDocument(a))?.updates.map(plain)).toEqual([[1], [4], [5]]);
      expect((await store.loadDocument(b))?.updates.map(plain)).toEqual([[3]]);
    });

    it('appendUpdates to a board that does not exist throws and stores none of the batch', async () => {
      const a = await create('A');
      await expect(store.appendUpdates('nope' as BoardId, [{ update: bytes(1) }, { update: bytes(2) }], 2)).rejects.toThrow();
      expect((await store.loadDocument(a))?.updates).toEqual([]);
    });

    it('deleteBoard removes its state and updates, so a board with that id would start empty', async () => {
      const id = await create('Gone', 1000, bytes(5, 5));
      await store.appendUpdate(id, bytes(1), 2);
      const s = await store.appendUpdate(id, bytes(2), 3);
      await store.compact(id, bytes(6, 6), s);
      await store.appendUpdate(id, bytes(3), 4);
      expect(await store.deleteBoard(id)).toBe(true);
      // Re-create under the same id: nothing of the old board may come back.
      await store.createBoard({ id, title: 'Again', state: bytes(7), now: 5 });
      const stored = await store.loadDocument(id);
      expect(plain(stored?.state)).toEqual([7]);
      expect(stored?.updates).toEqual([]);
    });

    it('keeps everything when closed and opened again', async (ctx) => {
      if (!factory.reopen) {
        ctx.skip();
        return;
      }
      const a = await create('Alpha', 1000, Y.encodeStateAsUpdate(new Y.Doc()));
      const b = await create('Beta', 1100);
      const e = editor();
      const shadow = new Y.Doc();
      const seqs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const update = e.edit(`k${i}`, i);
        seqs.push(await store.appendUpdate(a, update, 2000 + i));
        if (i < 2) Y.applyUpdate(shadow, update);
      }
      await store.compact(a, Y.encodeStateAsUpdate(shadow), seqs[1]!);
      await store.renameBoard(b, 'Beta renamed', 3000);
      const before = { list: await store.listBoards(), a: await store.loadDocument(a), b: await store.loadDocument(b) };

      await store.close();
      open = false;
      store = await factory.reopen();
      open = true;

      expect(await store.listBoards()).toEqual(before.list);
      const storedA = await store.loadDocument(a);
      expect(plain(storedA?.state)).toEqual(plain(before.a?.state));
      expect(storedA?.updates.map(plain)).toEqual(before.a?.updates.map(plain));
      expect(storedA?.lastSeq).toBe(seqs[4]);
      expect(replay(storedA!).getMap('canvas').toJSON()).toEqual(e.doc.getMap('canvas').toJSON());
      expect(plain((await store.loadDocument(b))?.state)).toEqual(plain(before.b?.state));
      // Sequence numbers keep going up after a reopen.
      expect(await store.appendUpdate(a, e.edit('k5', 5), 4000)).toBeGreaterThan(seqs[4]!);
    });

    describe('access', () => {
      const user = (id: string, email: string) => ({
        id, email, name: id.toUpperCase(), isAdmin: false, createdAt: 1, passwordHash: 'h', oidcIssuer: null, oidcSubject: null,
      });

      it('stores users, finds them by email whatever its case, and by OpenID subject', async () => {
        expect(await store.countUsers()).toBe(0);
        await store.createUser(user('u1', 'Ann@Example.test'));
        await store.createUser({ ...user('u2', 'bob@example.test'), passwordHash: null, oidcIssuer: 'https://idp', oidcSubject: 's-2' });
        expect(await store.countUsers()).toBe(2);
        expect((await store.getUserByEmail('ann@example.TEST'))?.id).toBe('u1');
        expect((await store.getUserByEmail('ann@example.test'))?.passwordHash).toBe('h');
        expect((await store.getUserByOidc('https://idp', 's-2'))?.id).toBe('u2');
        expect(await store.getUser('u1')).toEqual({ id: 'u1', email: 'Ann@Example.test', name: 'U1', isAdmin: false, createdAt: 1 });
        await expect(store.createUser(user('u3', 'ANN@example.test'))).rejects.toThrow();
      });

      it('keeps setup tokens until one is used, which spends them all; an unknown one spends none', async () => {
        await store.addSetupToken('hash-of-process-a', 1);
        await store.addSetupToken('hash-of-process-b', 2);
        await store.addSetupToken('hash-of-process-b', 3); // the same again changes nothing
        expect(await store.consumeSetupToken('hash-of-a-guess')).toBe(false);
        expect(await store.consumeSetupToken('hash-of-process-b')).toBe(true);
        expect(await store.consumeSetupToken('hash-of-process-a')).toBe(false);
        expect(await store.consumeSetupToken('hash-of-process-b')).toBe(false);
      });

      it('lets one of two setups at once through, whichever token each uses', async () => {
        await store.addSetupToken('hash-of-process-a', 1);
        await store.addSetupToken('hash-of-process-b', 2);
        const results = await Promise.all([store.consumeSetupToken('hash-of-process-a'), store.consumeSetupToken('hash-of-process-b')]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('keeps sessions, their display names, and deletes them', async () => {
        await store.createUser(user('u1', 'a@example.test'));
        const session = { tokenHash: 't1', userId: 'u1', linkId: null, displayName: null, csrfToken: 'c', createdAt: 1, expiresAt: 2 };
        await store.createSession(session);
        expect(await store.getSession('t1')).toEqual(session);
        await store.setSessionName('t1', 'Dee');
        expect((await store.getSession('t1'))?.displayName).toBe('Dee');
        await store.deleteSession('t1');
        expect(await store.getSession('t1')).toBeUndefined();
      });

      it('adds, changes, lists and removes members, and deleting a board removes them', async () => {
        const board = await create('Alpha', 1000);
        await store.createUser(user('u1', 'a@example.test'));
        await store.createUser(user('u2', 'b@example.test'));
        await store.putMember({ boardId: board, userId: 'u1', role: 'owner', partnerId: null, addedAt: 5 });
        await store.putMember({ boardId: board, userId: 'u2', role: 'viewer', partnerId: null, addedAt: 6 });
        await store.putMember({ boardId: board, userId: 'u2', role: 'editor', partnerId: 'p1', addedAt: 7 });
        expect(await store.getMember(board, 'u2')).toEqual({ boardId: board, userId: 'u2', role: 'editor', partnerId: 'p1', addedAt: 6 });
        expect((await store.listMembers(board)).map((m) => [m.name, m.email, m.role])).toEqual([
          ['U1', 'a@example.test', 'owner'],
          ['U2', 'b@example.test', 'editor'],
        ]);
        expect(await store.boardsOfUser('u2')).toEqual([board]);
        expect(await store.removeMember(board, 'u2')).toBe(true);
        expect(await store.removeMember(board, 'u2')).toBe(false);
        await store.deleteBoard(board);
        expect(await store.listMembers(board)).toEqual([]);
      });

      it('keeps share links by id and token hash, revokes them once, and invitations until used', async () => {
        const board = await create('Alpha', 1000);
        const link = {
          id: 'l1', tokenHash: 'th', boardId: board, kind: 'board' as const, role: 'viewer' as const, partnerId: null,
          label: 'Governors', createdBy: 'user:u1', createdAt: 1, expiresAt: null, revokedAt: null,
        };
        await store.createLink(link);
        expect(await store.getLinkByToken('th')).toEqual(link);
        expect(await store.listLinks(board)).toEqual([link]);
        expect(await store.revokeLink('l1', 9)).toBe(true);
        expect(await store.revokeLink('l1', 10)).toBe(false);
        expect((await store.getLink('l1'))?.revokedAt).toBe(9);
        const invite = {
          id: 'i1', tokenHash: 'it', boardId: board, email: 'x@example.test', role: 'editor' as const, partnerId: 'p',
          createdBy: 'user:u1', createdAt: 1, expiresAt: 100, acceptedAt: null,
        };
        await store.createInvite(invite);
        expect(await store.getInviteByToken('it')).toEqual(invite);
        await store.markInviteAccepted('i1', 50);
        expect((await store.listInvites(board))[0]?.acceptedAt).toBe(50);
        expect(await store.deleteInvite(board, 'i1')).toBe(true);
      });

      it('writes an update, its audit line and its record creators in one go, and filters the audit', async () => {
        const board = await create('Alpha', 1000);
        const e = editor();
        await store.appendUpdate(board, e.edit('k1', 1), 2000, {
          audit: { boardId: board, at: 2000, actor: 'user:u1', actorName: 'Ann', kind: 'update', roots: ['canvas'], records: ['canvas/k1'], bytes: 20, detail: '' },
          creators: [{ root: 'canvas', record: 'k1', actor: 'user:u1' }],
        });
        await store.appendAudit([
          { boardId: board, at: 3000, actor: 'user:u2', actorName: 'Bob', kind: 'update', roots: ['purposes', 'comments'], records: [], bytes: 5, detail: '' },
          { boardId: null, at: 3500, actor: 'user:u2', actorName: 'Bob', kind: 'sign-in', roots: [], records: [], bytes: 0, detail: 'signed in' },
        ]);
        expect(await store.listRecordCreators(board)).toEqual([{ root: 'canvas', record: 'k1', actor: 'user:u1' }]);
        const all = await store.listAudit({ boardId: board });
        expect(all.map((a) => a.actorName)).toEqual(['Bob', 'Ann']);
        expect(all[1]).toMatchObject({ roots: ['canvas'], records: ['canvas/k1'], bytes: 20 });
        expect((await store.listAudit({ boardId: board, actor: 'user:u1' })).length).toBe(1);
        expect((await store.listAudit({ boardId: board, root: 'comments' })).map((a) => a.actor)).toEqual(['user:u2']);
        expect((await store.listAudit({ boardId: board, from: 2500 })).length).toBe(1);
        expect((await store.listAudit({ boardId: board, to: 2500 })).length).toBe(1);
      });

      it('writes a batch of updates with each one’s audit line and creators in one transaction', async () => {
        const board = await create('Alpha', 1000);
        const e = editor();
        const audit = (actor: string, record: string): AuditEvent => ({
          boardId: board,
          at: 2000,
          actor,
          actorName: actor,
          kind: 'update',
          roots: ['canvas'],
          records: [`canvas/${record}`],
          bytes: 3,
          detail: '',
        });
        await store.appendUpdates(
          board,
          [
            { update: e.edit('k1', 1), attaches: { audit: audit('user:u1', 'k1'), creators: [{ root: 'canvas', record: 'k1', actor: 'user:u1' }] } },
            { update: e.edit('k2', 2) },
            { update: e.edit('k3', 3), attaches: { audit: audit('user:u2', 'k3'), creators: [{ root: 'canvas', record: 'k3', actor: 'user:u2' }] } },
          ],
          2000,
        );
        expect(await store.listRecordCreators(board)).toEqual(
          expect.arrayContaining([
            { root: 'canvas', record: 'k1', actor: 'user:u1' },
            { root: 'canvas', record: 'k3', actor: 'user:u2' },
          ]),
        );
        expect((await store.listAudit({ boardId: board })).map((a) => a.records[0]).sort()).toEqual(['canvas/k1', 'canvas/k3']);
        expect((await store.loadDocument(board))?.updates).toHaveLength(3);
      });

      it('a batch for a board that does not exist writes no audit line and no creator either', async () => {
        const missing = 'nope' as BoardId;
        const audit: AuditEvent = {
          boardId: missing,
          at: 2,
          actor: 'user:u1',
          actorName: 'U1',
          kind: 'update',
          roots: ['canvas'],
          records: ['canvas/k1'],
          bytes: 1,
          detail: '',
        };
        await expect(
          store.appendUpdates(missing, [{ update: bytes(1), attaches: { audit, creators: [{ root: 'canvas', record: 'k1', actor: 'user:u1' }] } }], 2),
        ).rejects.toThrow();
        expect(await store.listAudit({ boardId: missing })).toEqual([]);
        expect(await store.listRecordCreators(missing)).toEqual([]);
      });

      it('keeps the first creator of a record created twice in one batch', async () => {
        const board = await create('Alpha', 1000);
        const e = editor();
        await store.appendUpdates(
          board,
          [
            { update: e.edit('k1', 1), attaches: { creators: [{ root: 'canvas', record: 'k1', actor: 'user:u1' }] } },
            { update: e.edit('k1', 2), attaches: { creators: [{ root: 'canvas', record: 'k1', actor: 'user:u2' }] } },
          ],
          2000,
        );
        expect(await store.listRecordCreators(board)).toEqual([{ root: 'canvas', record: 'k1', actor: 'user:u1' }]);
      });
    });

    describe('versions', () => {
      const partners = [
        { id: 'p-nhs', organisation: 'Northfield PCN' },
        { id: 'p-council', organisation: 'City Council' },
        { id: 'p-vcse', organisation: 'Age UK' },
      ];
      let seq = 0;
      const save = (boardId: BoardId, fields: { name?: string; state?: Uint8Array; partners?: typeof partners; at?: number } = {}) =>
        store.createVersion({
          id: `v${++seq}-${boardId}`,
          boardId,
          name: fields.name ?? `Version ${seq}`,
          note: 'why',
          state: fields.state ?? bytes(seq, 0, 255),
          createdBy: 'user:u1',
          createdByName: 'Ann',
          createdAt: fields.at ?? 1000 + seq,
          partners: fields.partners ?? partners,
        });
      const signoff = (partnerId: string, state: 'agreed' | 'concerns', at = 5000, comment = '') => ({
        partnerId, state, comment, byActor: `user:${partnerId}`, byName: `Lead of ${partnerId}`, at,
      });

      it('numbers versions 1, 2, 3… per board, lists them newest first and keeps their state exactly', async () => {
        const a = await create('A');
        const b = await create('B');
        const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
        const first = await save(a, { name: 'First', state: big, at: 10 });
        expect(first).toEqual({
          id: first.id, boardId: a, number: 1, name: 'First', note: 'why', createdBy: 'user:u1', createdByName: 'Ann', createdAt: 10,
          status: 'saved', proposedAt: null, agreedAt: null, partners, signoffs: [],
        });
        expect((await save(b)).number).toBe(1);
        expect((await save(a)).number).toBe(2);
        expect((await save(a)).number).toBe(3);
        expect((await store.listVersions(a)).map((v) => v.number)).toEqual([3, 2, 1]);
        expect((await store.listVersions(b)).map((v) => v.number)).toEqual([1]);
        expect(await store.getVersion(a, 1)).toEqual(first);
        expect(Buffer.from((await store.getVersionState(a, 1))!).equals(Buffer.from(big))).toBe(true);
        expect(await store.getVersion(a, 4)).toBeUndefined();
        expect(await store.getVersionState(a, 4)).toBeUndefined();
        expect(await store.getVersion(newBoardId(), 1)).toBeUndefined();
      });

      it('never gives a deleted version’s number again', async () => {
        const a = await create('A');
        await save(a);
        await save(a);
        expect(await store.deleteVersion(a, 2)).toBe('deleted');
        expect(await store.deleteVersion(a, 2)).toBe('not_found');
        expect((await save(a)).number).toBe(3);
        expect((await store.listVersions(a)).map((v) => v.number)).toEqual([3, 1]);
      });

      it('puts a version forward once, and takes sign-off only on a proposed version from one of its partners', async () => {
        const a = await create('A');
        await save(a);
        expect(await store.recordSignoff(a, 1, signoff('p-nhs', 'agreed'))).toEqual({ ok: false, reason: 'not_proposed' });
        expect(await store.proposeVersion(a, 9, 2000)).toBeUndefined();
        expect(await store.proposeVersion(a, 1, 2000)).toMatchObject({ status: 'proposed', proposedAt: 2000 });
        expect(await store.proposeVersion(a, 1, 3000)).toMatchObject({ status: 'proposed', proposedAt: 2000 });
        expect(await store.recordSignoff(a, 1, signoff('p-unknown', 'agreed'))).toEqual({ ok: false, reason: 'not_a_partner' });
        expect(await store.recordSignoff(a, 2, signoff('p-nhs', 'agreed'))).toEqual({ ok: false, reason: 'not_found' });
        expect((await store.getVersion(a, 1))?.signoffs).toEqual([]);
      });

      it('becomes agreed when every partner agrees, goes back on a concern, and an agreed version is never deleted', async () => {
        const a = await create('A');
        await save(a);
        await store.proposeVersion(a, 1, 2000);
        const one = await store.recordSignoff(a, 1, signoff('p-council', 'agreed', 3000));
        expect(one.ok && one.version).toMatchObject({ status: 'proposed', agreedAt: null });
        await store.recordSignoff(a, 1, signoff('p-nhs', 'concerns', 3100, 'Too vague on falls'));
        // A partner's new answer replaces its old one.
        await store.recordSignoff(a, 1, signoff('p-nhs', 'agreed', 3200));
        expect((await store.getVersion(a, 1))?.status).toBe('proposed');
        const all = await store.recordSignoff(a, 1, signoff('p-vcse', 'agreed', 3300));
        expect(all.ok && all.version).toMatchObject({ status: 'agreed', agreedAt: 3300 });
        expect((await store.getVersion(a, 1))?.signoffs).toEqual([
          signoff('p-nhs', 'agreed', 3200),
          signoff('p-council', 'agreed', 3000),
          signoff('p-vcse', 'agreed', 3300),
        ]);
        expect(await store.deleteVersion(a, 1)).toBe('agreed');
        expect((await store.listVersions(a)).map((v) => v.status)).toEqual(['agreed']);

        await store.recordSignoff(a, 1, signoff('p-vcse', 'concerns', 4000, 'Funding changed'));
        expect(await store.getVersion(a, 1)).toMatchObject({ status: 'proposed', agreedAt: null });
        expect((await store.listVersions(a))[0]?.signoffs.find((s) => s.partnerId === 'p-vcse')).toEqual(
          signoff('p-vcse', 'concerns', 4000, 'Funding changed'),
        );
        expect(await store.deleteVersion(a, 1)).toBe('deleted');
        expect(await store.listVersions(a)).toEqual([]);
      });

      it('a version with no partners can be proposed but never agreed', async () => {
        const a = await create('A');
        await save(a, { partners: [] });
        await store.proposeVersion(a, 1, 2000);
        expect(await store.recordSignoff(a, 1, signoff('p-nhs', 'agreed'))).toEqual({ ok: false, reason: 'not_a_partner' });
        expect((await store.getVersion(a, 1))?.status).toBe('proposed');
      });

      it('deleting a board deletes its versions, and a board made again under its id starts from version 1', async () => {
        const a = await create('A');
        await save(a);
        await save(a);
        await store.proposeVersion(a, 2, 2000);
        await store.recordSignoff(a, 2, signoff('p-nhs', 'agreed'));
        await store.deleteBoard(a);
        expect(await store.listVersions(a)).toEqual([]);
        await store.createBoard({ id: a, title: 'Again', state: bytes(1), now: 5 });
        expect(await store.listVersions(a)).toEqual([]);
        expect((await save(a)).number).toBe(1);
      });

      it('keeps versions and sign-offs when closed and opened again', async (ctx) => {
        if (!factory.reopen) {
          ctx.skip();
          return;
        }
        const a = await create('A');
        await save(a, { state: bytes(4, 5, 6) });
        await store.proposeVersion(a, 1, 2000);
        await store.recordSignoff(a, 1, signoff('p-nhs', 'concerns', 3000, 'Not yet'));
        const before = await store.listVersions(a);
        await store.close();
        open = false;
        store = await factory.reopen();
        open = true;
        expect(await store.listVersions(a)).toEqual(before);
        expect(plain(await store.getVersionState(a, 1))).toEqual([4, 5, 6]);
        expect((await save(a)).number).toBe(2);
      });
    });
  });
}
