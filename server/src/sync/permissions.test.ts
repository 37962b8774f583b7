import {
  addCanvasItem,
  addCommentThread,
  addPurpose,
  deleteCanvasItem,
  deleteThread,
  getPurposeFragment,
  getRoots,
  initBoard,
  replyToThread,
  setAgreement,
  setBoardTitle,
  setThreadResolved,
  updateCanvasItem,
  updatePurpose,
  type Author,
} from '@placeboard/board';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { authorizeUpdate, touchesOf, type Actor, type RecordRef, type Touch } from './permissions.js';
import { validateUpdate } from './validate-update.js';

const alice: Author = { name: 'alice', now: () => 1_000 };
const bob: Author = { name: 'bob', now: () => 2_000 };

const owner: Actor = { role: 'owner', key: 'user:olive' };
const editor: Actor = { role: 'editor', key: 'user:ed' };
const moderator: Actor = { role: 'moderator', key: 'user:mo' };
const nhsEditor: Actor = { role: 'editor', key: 'user:nina', partnerId: 'nhs' };
const contributor: Actor = { role: 'contributor', key: 'link:residents' };
const viewer: Actor = { role: 'viewer', key: 'link:public' };

/** A doc with a fixed client id, so tests can say whose changes are whose. */
function docOf(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

let contributions = 0;

/** Writes a community contribution as a bare record map in the `community` root, whatever its fields (no accessor checks them). */
function writeContribution(doc: Y.Doc, fields: Record<string, unknown>, author: Author): string {
  const id = `contribution-${++contributions}`;
  doc.transact(() => {
    const record = new Y.Map<unknown>();
    const now = (author.now ?? Date.now)();
    for (const [key, value] of Object.entries({ id, createdBy: author.name, createdAt: now, updatedAt: now, category: 'local', ...fields })) {
      record.set(key, value);
    }
    getRoots(doc).community.set(id, record);
  });
  return id;
}

/** The server's copy of a board with one record of each kind the tests need, and who created each. */
function board() {
  const server = docOf(1);
  initBoard(server, { title: 'Board' });
  const cardId = addCanvasItem(server, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls' }, alice);
  setAgreement(server, cardId, 'nhs', 'agreed', alice);
  setAgreement(server, cardId, 'council', 'concerns', alice);
  const purposeId = addPurpose(server, { title: 'Why' }, alice);
  server.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('hello world')]);
    getPurposeFragment(server, purposeId)!.insert(0, [paragraph]);
  });
  const threadId = addCommentThread(server, { kind: 'canvas', id: cardId }, 'Is this measurable?', alice);
  const ownThreadId = addCommentThread(server, { kind: 'canvas', id: cardId }, 'We run a falls class', bob);
  const contributionId = writeContribution(server, { text: 'The bus stop moved', status: 'pending' }, bob);
  const otherContributionId = writeContribution(server, { text: 'New clinic', status: 'published' }, alice);
  const creators = new Map<string, string>([
    [`canvas/${cardId}`, editor.key],
    [`purposes/${purposeId}`, editor.key],
    [`comments/${threadId}`, editor.key],
    [`comments/${ownThreadId}`, contributor.key],
    [`community/${contributionId}`, contributor.key],
    [`community/${otherContributionId}`, editor.key],
  ]);
  const creatorOf = (ref: RecordRef) => creators.get(`${ref.root}/${ref.record}`);
  return { server, creatorOf, cardId, purposeId, threadId, ownThreadId, contributionId, otherContributionId };
}
type Board = ReturnType<typeof board>;

/** A client holding a copy of the server's board. */
function clientOf(server: Y.Doc, clientID = 2): Y.Doc {
  const doc = docOf(clientID);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** Runs `fn` on a fresh client of `b` and returns the update it made, checked as the server checks it first. */
function updateOf(b: Board, fn: (doc: Y.Doc) => void, client = clientOf(b.server)): Uint8Array {
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array) => updates.push(update);
  client.on('update', collect);
  client.transact(() => fn(client));
  client.off('update', collect);
  const update = Y.mergeUpdates(updates);
  expect(validateUpdate(b.server, update)).toMatchObject({ ok: true });
  return update;
}

/** Encodes `structs` as an update with an empty delete set. */
function encodeStructs(structs: readonly (Y.Item | Y.GC | Y.Skip)[]): Uint8Array {
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const struct of structs) byClient.set(struct.id.client, [...(byClient.get(struct.id.client) ?? []), struct]);
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, list.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, list[0]!.id.clock);
    for (const struct of list) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

/** The same update with an empty delete set: what a client could send to replace a value without saying so. */
function withoutDeletions(update: Uint8Array): Uint8Array {
  return encodeStructs(Y.decodeUpdate(update).structs);
}

/** The decoded items of an update that set or insert something (not GC ranges). */
function itemsOf(update: Uint8Array): Y.Item[] {
  return Y.decodeUpdate(update).structs.filter((s): s is Y.Item => s instanceof Y.Item);
}

function authorize(b: Board, update: Uint8Array, actor: Actor) {
  return authorizeUpdate(b.server, update, actor, b.creatorOf);
}

/** A touch as a short string, for readable expectations. */
function brief(t: Touch): string {
  return `${t.kind} ${t.root}/${t.record}${t.path.map((key) => `/${key}`).join('')}${t.recordCreated ? ' (new record)' : ''}`;
}

describe('touchesOf', () => {
  it('places a new record and the maps nested in it, down to a partner entry set in the same update', () => {
    const b = board();
    let id = '';
    const update = updateOf(b, (doc) => {
      id = addCanvasItem(doc, { kind: 'outcome', x: 7, y: 0 }, bob);
      setAgreement(doc, id, 'nhs', 'agreed', bob);
    });
    // The partner entry names its parent by ID: the agreement map, itself new in this update.
    const entry = itemsOf(update).find((item) => item.parentSub === 'nhs');
    expect(entry?.parent).toBeInstanceOf(Y.ID);
    const touches = touchesOf(b.server, update);
    expect(touches.every((t) => t.root === 'canvas' && t.record === id && t.kind === 'insert' && t.recordCreated)).toBe(true);
    expect(touches.map((t) => t.path)).toEqual(expect.arrayContaining([[], ['x'], ['agreement'], ['votes'], ['agreement', 'nhs']]));
    expect(touches.find((t) => t.path.join('/') === 'agreement/nhs')?.value).toEqual({ state: 'agreed', by: 'bob', at: 2_000 });
    expect(touches.find((t) => t.path.join('/') === 'x')?.value).toBe(7);
    expect(touches.find((t) => t.path.length === 0)).not.toHaveProperty('value');
  });

  it('places a key set anew on an existing record through its left neighbour when the update names no parent', () => {
    const b = board();
    const update = updateOf(b, (doc) => updateCanvasItem(doc, b.cardId, { x: 42 }, bob));
    const x = itemsOf(update).find((item) => item.content instanceof Y.ContentAny && item.content.arr[0] === 42);
    expect(x?.parent).toBeNull();
    expect(x?.parentSub).toBeNull();
    expect(x?.origin).not.toBeNull();
    const touches = touchesOf(b.server, update);
    expect(touches.map(brief).sort()).toEqual(
      [`insert canvas/${b.cardId}/x`, `insert canvas/${b.cardId}/updatedAt`, `delete canvas/${b.cardId}/x`, `delete canvas/${b.cardId}/updatedAt`].sort(),
    );
    expect(touches.find((t) => t.kind === 'insert' && t.path[0] === 'x')?.value).toBe(42);
  });

  it('places a paragraph typed into a purpose at the fragment key, through structs of the update itself', () => {
    const b = board();
    const update = updateOf(b, (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('more')]);
      paragraph.setAttribute('align', 'left');
      getPurposeFragment(doc, b.purposeId)!.insert(1, [paragraph]);
    });
    // The text names the new paragraph (in the update) as its parent; the paragraph takes its parent from the first one.
    expect(itemsOf(update).some((item) => item.parent instanceof Y.ID)).toBe(true);
    expect(itemsOf(update).some((item) => item.parent === null)).toBe(true);
    const touches = touchesOf(b.server, update);
    expect(touches.length).toBeGreaterThanOrEqual(4);
    expect(new Set(touches.map(brief))).toEqual(new Set([`insert purposes/${b.purposeId}/content`]));
  });

  it('places the first paragraph of an empty purpose, whose parent is named by ID in the doc', () => {
    const b = board();
    let id = '';
    Y.applyUpdate(b.server, updateOf(b, (doc) => (id = addPurpose(doc, { title: 'Second' }, bob)), clientOf(b.server, 3)));
    const update = updateOf(b, (doc) => getPurposeFragment(doc, id)!.insert(0, [new Y.XmlElement('paragraph')]));
    expect(itemsOf(update)[0]?.parent).toBeInstanceOf(Y.ID);
    expect(touchesOf(b.server, update).map(brief)).toEqual([`insert purposes/${id}/content`]);
  });

  it('finds the struct that holds a clock in the middle of a longer struct', () => {
    const b = board();
    const update = updateOf(b, (doc) => {
      const paragraph = getPurposeFragment(doc, b.purposeId)!.get(0) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert(5, ',');
    });
    const [comma] = itemsOf(update);
    const origin = comma!.origin!;
    const structs = b.server.store.clients.get(origin.client)!;
    const holding = structs[Y.findIndexSS(structs, origin.clock)]!;
    expect(holding.id.clock).toBeLessThan(origin.clock); // "hello world" is one struct; the origin is its "o"
    expect(touchesOf(b.server, update).map(brief)).toEqual([`insert purposes/${b.purposeId}/content`]);
  });

  it('resolves deleting text in a purpose, once per struct, without a value', () => {
    const b = board();
    const update = updateOf(b, (doc) => {
      const text = (getPurposeFragment(doc, b.purposeId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete(2, 3);
      text.delete(6, 2);
    });
    expect(itemsOf(update)).toHaveLength(0);
    const touches = touchesOf(b.server, update);
    expect(touches).toEqual([{ root: 'purposes', record: b.purposeId, path: ['content'], kind: 'delete', recordCreated: false }]);
  });

  it('resolves deleting an existing record and everything inside it', () => {
    const b = board();
    const update = updateOf(b, (doc) => deleteCanvasItem(doc, b.cardId));
    const touches = touchesOf(b.server, update);
    expect(touches.every((t) => t.kind === 'delete' && t.root === 'canvas' && t.record === b.cardId && !t.recordCreated)).toBe(true);
    expect(touches.map((t) => t.path)).toEqual(expect.arrayContaining([[], ['agreement'], ['agreement', 'nhs'], ['agreement', 'council'], ['x']]));
  });

  it('places a reply next to the last message, and one before the first through its right neighbour', () => {
    const b = board();
    const reply = updateOf(b, (doc) => replyToThread(doc, b.threadId, 'Yes, falls per 1,000', bob));
    const message = itemsOf(reply).find((item) => item.content instanceof Y.ContentAny && typeof item.content.arr[0] === 'object');
    expect(message?.parent).toBeNull();
    expect(message?.origin).not.toBeNull();
    expect(touchesOf(b.server, reply).map(brief).sort()).toEqual(
      [`insert comments/${b.threadId}/messages`, `insert comments/${b.threadId}/updatedAt`, `delete comments/${b.threadId}/updatedAt`].sort(),
    );

    const first = updateOf(b, (doc) => {
      const messages = getRoots(doc).comments.get(b.threadId)!.get('messages') as Y.Array<unknown>;
      messages.insert(0, [{ author: 'bob', text: 'first!', at: 1 }]);
    });
    const [item] = itemsOf(first);
    expect(item?.origin).toBeNull();
    expect(item?.rightOrigin).not.toBeNull();
    expect(touchesOf(b.server, first).map(brief)).toEqual([`insert comments/${b.threadId}/messages`]);
  });

  it('takes the parent from the left neighbour when the two neighbours disagree, as Yjs does', () => {
    const b = board();
    const reply = updateOf(b, (doc) => {
      const messages = getRoots(doc).comments.get(b.threadId)!.get('messages') as Y.Array<unknown>;
      messages.insert(0, [{ author: 'bob', text: 'first!', at: 1 }]);
    });
    const [item] = itemsOf(reply);
    const cardX = (getRoots(b.server).canvas.get(b.cardId)!._map.get('x') as Y.Item).id;
    item!.origin = cardX; // left: the card's x; right: still the thread's first message
    const forged = encodeStructs([item!]);
    expect(validateUpdate(b.server, forged)).toMatchObject({ ok: true });
    const copy = clientOf(b.server, 9);
    Y.applyUpdate(copy, forged);
    expect(getRoots(copy).canvas.get(b.cardId)!.get('x')).toEqual({ author: 'bob', text: 'first!', at: 1 });
    expect(touchesOf(b.server, forged).map(brief).sort()).toEqual([`delete canvas/${b.cardId}/x`, `insert canvas/${b.cardId}/x`]);
    expect(authorize(b, forged, contributor)).toEqual({ ok: false, reason: 'a contributor cannot change "canvas"' });
  });

  it('resolves items inserted and deleted by the same update from the update itself', () => {
    const b = board();
    const update = updateOf(b, (doc) => {
      const card = getRoots(doc).canvas.get(b.cardId)!;
      card.set('label', 'draft');
      card.delete('label');
    });
    expect(Y.decodeUpdate(update).ds.clients.get(2)).toBeDefined(); // the update deletes its own item
    expect(touchesOf(b.server, update).map(brief).sort()).toEqual([`delete canvas/${b.cardId}/label`, `insert canvas/${b.cardId}/label`]);
  });

  it('takes the top-level key of meta as the record', () => {
    const b = board();
    const touches = touchesOf(b.server, updateOf(b, (doc) => setBoardTitle(doc, 'Sale plan')));
    expect(touches).toContainEqual({ root: 'meta', record: 'title', path: [], kind: 'insert', recordCreated: true, value: 'Sale plan' });
    expect(touches).toContainEqual({ root: 'meta', record: 'title', path: [], kind: 'delete', recordCreated: false });
  });

  it('finds nothing in an update the doc already has, nor in deletions it has already made', () => {
    const b = board();
    const client = clientOf(b.server);
    const update = updateOf(b, (doc) => deleteThread(doc, b.threadId), client);
    Y.applyUpdate(b.server, update);
    expect(touchesOf(b.server, update)).toEqual([]);
    expect(touchesOf(b.server, Y.encodeStateAsUpdate(client))).toEqual([]);
  });

  it('counts a key set anew as deleting the live value there, even when the update does not say so', () => {
    const b = board();
    const update = withoutDeletions(updateOf(b, (doc) => getRoots(doc).comments.set(b.threadId, new Y.Map())));
    expect(Y.decodeUpdate(update).ds.clients.size).toBe(0);
    // Yjs does delete the old thread when the new record arrives.
    const copy = clientOf(b.server, 9);
    Y.applyUpdate(copy, update);
    expect(getRoots(copy).comments.get(b.threadId)?.get('messages')).toBeUndefined();
    // Only the replaced value is listed: what it holds goes with it when Yjs deletes it.
    expect(touchesOf(b.server, update).map(brief)).toEqual([`insert comments/${b.threadId} (new record)`, `delete comments/${b.threadId}`]);
  });

  it('gives garbage-collected structs no place, and a value written into a root without a key the record ""', () => {
    const b = board();
    const gc = gcOnlyUpdate(b);
    expect(Y.decodeUpdate(gc).structs.every((s) => s instanceof Y.GC)).toBe(true);
    expect(touchesOf(b.server, gc)).toEqual([]);

    const loose = updateOf(b, (doc) => doc.getArray('comments').push(['stray']));
    expect(touchesOf(b.server, loose)).toEqual([{ root: 'comments', record: '', path: [], kind: 'insert', recordCreated: true }]);
  });
});

/**
 * A reply that was garbage-collected before it reached the server: the client (5) replies to a thread, learns that
 * the thread was deleted meanwhile, and then syncs. Its only new struct is a GC range.
 */
function gcOnlyUpdate(b: Board): Uint8Array {
  const client = clientOf(b.server, 5);
  replyToThread(client, b.threadId, 'late', bob);
  const deletion = updateOf(b, (doc) => deleteThread(doc, b.threadId));
  Y.applyUpdate(b.server, deletion);
  Y.applyUpdate(client, deletion);
  const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(b.server));
  expect(validateUpdate(b.server, update)).toMatchObject({ ok: true, empty: false });
  return update;
}

describe('authorizeUpdate', () => {
  describe('viewers', () => {
    it('refuses any change', () => {
      const b = board();
      expect(authorize(b, updateOf(b, (doc) => setBoardTitle(doc, 'Mine')), viewer)).toEqual({
        ok: false,
        reason: 'a viewer cannot change the board',
      });
      const deletion = updateOf(b, (doc) => deleteThread(doc, b.threadId));
      expect(itemsOf(deletion)).toHaveLength(0);
      expect(authorize(b, deletion, viewer).ok).toBe(false);
    });

    it('refuses an update that holds only garbage-collected structs', () => {
      const b = board();
      expect(authorize(b, gcOnlyUpdate(b), viewer)).toEqual({ ok: false, reason: 'a viewer cannot change the board' });
    });

    it('allows the empty step 2 of a reconnect, which repeats deletions the doc has made', () => {
      const b = board();
      const step2 = Y.encodeStateAsUpdate(clientOf(b.server), Y.encodeStateVector(b.server));
      expect(Y.decodeUpdate(step2).ds.clients.size).toBeGreaterThan(0);
      expect(authorize(b, step2, viewer)).toEqual({ ok: true, touched: [], created: [] });
    });
  });

  describe('plan editors', () => {
    it.each([owner, editor, moderator])('let the $role change every plan root, listing what was touched and created', (actor) => {
      const b = board();
      let id = '';
      const update = updateOf(b, (doc) => {
        id = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, bob);
        updateCanvasItem(doc, id, { x: 5 }, bob);
        updateCanvasItem(doc, b.cardId, { text: 'Fewer falls at home' }, bob);
        updatePurpose(doc, b.purposeId, { title: 'Why we exist' }, bob);
        ((getPurposeFragment(doc, b.purposeId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Oh, ');
        setBoardTitle(doc, 'Sale plan');
        setThreadResolved(doc, b.threadId, true, bob);
      });
      const result = authorize(b, update, actor);
      expect(result).toEqual({
        ok: true,
        touched: expect.arrayContaining([
          { root: 'canvas', record: id },
          { root: 'canvas', record: b.cardId },
          { root: 'purposes', record: b.purposeId },
          { root: 'meta', record: 'title' },
          { root: 'comments', record: b.threadId },
        ]),
        created: expect.arrayContaining([{ root: 'canvas', record: id }]),
      });
      if (!result.ok) return;
      expect(result.touched).toHaveLength(5);
      expect(result.created).toEqual([{ root: 'canvas', record: id }, { root: 'meta', record: 'title' }]);
    });

    it('refuse everyone a write into a root outside any record', () => {
      const b = board();
      const loose = updateOf(b, (doc) => doc.getArray('canvas').push(['stray']));
      expect(authorize(b, loose, owner)).toEqual({ ok: false, reason: 'an update cannot write to "canvas" outside a record' });
    });

    it('refuse everyone an update whose items contain each other', () => {
      const b = board();
      const mapHeldBy = (clock: number, parentClock: number) =>
        new Y.Item(Y.createID(7, clock), null, null, null, null, Y.createID(7, parentClock), 'k', new Y.ContentType(new Y.Map()));
      const cycle = encodeStructs([mapHeldBy(0, 1), mapHeldBy(1, 0)]);
      expect(validateUpdate(b.server, cycle)).toMatchObject({ ok: true });
      expect(() => Y.applyUpdate(clientOf(b.server, 9), cycle)).toThrow();
      expect(authorize(b, cycle, owner)).toEqual({ ok: false, reason: 'an update whose items contain each other cannot be applied' });
    });

    it('refuse map keys nested deeper than 32 below a record', () => {
      const b = board();
      const nest = (depth: number) =>
        updateOf(b, (doc) => {
          let map = getRoots(doc).canvas.get(b.cardId)!;
          for (let i = 0; i < depth; i++) {
            const inner = new Y.Map<unknown>();
            map.set(`k${i}`, inner);
            map = inner;
          }
        });
      expect(authorize(b, nest(32), owner).ok).toBe(true);
      expect(authorize(b, nest(33), owner)).toEqual({
        ok: false,
        reason: `an update nests keys more than 32 deep in "canvas" record "${b.cardId}"`,
      });
    });
  });

  describe('agreement', () => {
    it("lets a partner set and clear its own position, and no one else's, whatever the role", () => {
      const b = board();
      const own = updateOf(b, (doc) => setAgreement(doc, b.cardId, 'nhs', 'not yet', bob));
      expect(authorize(b, own, nhsEditor)).toMatchObject({ ok: true, touched: [{ root: 'canvas', record: b.cardId }] });
      expect(authorize(b, updateOf(b, (doc) => setAgreement(doc, b.cardId, 'nhs', null, bob)), nhsEditor).ok).toBe(true);

      const other = updateOf(b, (doc) => setAgreement(doc, b.cardId, 'council', 'agreed', bob));
      expect(authorize(b, other, nhsEditor)).toEqual({
        ok: false,
        reason: `only partner "council" can set its agreement on card "${b.cardId}"`,
      });
      expect(authorize(b, other, owner).ok).toBe(false);
      expect(authorize(b, own, owner).ok).toBe(false); // the owner speaks for no partner
      expect(authorize(b, updateOf(b, (doc) => setAgreement(doc, b.cardId, 'council', null, bob)), nhsEditor).ok).toBe(false);
    });

    it("lets a new card carry its creator's own position only", () => {
      const b = board();
      const card = (partner: string) =>
        updateOf(b, (doc) => {
          const id = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0 }, bob);
          setAgreement(doc, id, partner, 'agreed', bob);
        });
      expect(authorize(b, card('nhs'), nhsEditor).ok).toBe(true);
      expect(authorize(b, card('council'), nhsEditor)).toMatchObject({ ok: false, reason: expect.stringContaining('"council"') });
    });

    it("lets only an owner reset every partner's positions on an existing card", () => {
      const b = board();
      const reset = updateOf(b, (doc) => getRoots(doc).canvas.get(b.cardId)!.set('agreement', new Y.Map()));
      expect(touchesOf(b.server, reset).map(brief)).toContain(`delete canvas/${b.cardId}/agreement/council`);
      expect(authorize(b, reset, editor)).toEqual({
        ok: false,
        reason: `only an owner can reset every partner's agreement on card "${b.cardId}"`,
      });
      expect(authorize(b, reset, nhsEditor).ok).toBe(false);
      expect(authorize(b, reset, owner)).toMatchObject({ ok: true });
      // Without the deletions in the update, Yjs still drops the old map; that is judged the same.
      expect(authorize(b, withoutDeletions(reset), editor).ok).toBe(false);
    });

    it("lets a plan editor delete a card that holds other partners' positions", () => {
      const b = board();
      const update = updateOf(b, (doc) => deleteCanvasItem(doc, b.cardId));
      expect(authorize(b, update, editor)).toEqual({ ok: true, touched: [{ root: 'canvas', record: b.cardId }], created: [] });
      expect(authorize(b, update, contributor)).toEqual({ ok: false, reason: 'a contributor cannot change "canvas"' });
    });
  });

  describe('community', () => {
    const contribution = (b: Board, fields: Record<string, unknown>) => {
      let id = '';
      const update = updateOf(b, (doc) => (id = writeContribution(doc, { text: 'A bench', ...fields }, bob)));
      return { id, update };
    };
    const setField = (b: Board, id: string, key: string, value: unknown) =>
      updateOf(b, (doc) => getRoots(doc).community.get(id)!.set(key, value));

    it('lets a contributor add a pending contribution, or one without a status, and nothing else', () => {
      const b = board();
      const pending = contribution(b, { status: 'pending' });
      expect(authorize(b, pending.update, contributor)).toEqual({
        ok: true,
        touched: [{ root: 'community', record: pending.id }],
        created: [{ root: 'community', record: pending.id }],
      });
      expect(authorize(b, contribution(b, {}).update, contributor).ok).toBe(true);
      const published = contribution(b, { status: 'published' });
      expect(authorize(b, published.update, contributor)).toEqual({
        ok: false,
        reason: `only a moderator can add contribution "${published.id}" with a status other than "pending"`,
      });
      expect(authorize(b, published.update, editor).ok).toBe(false);
      expect(authorize(b, published.update, moderator).ok).toBe(true);
      expect(authorize(b, published.update, owner).ok).toBe(true);
    });

    it('lets a contributor edit its own contribution but not its status, nor delete it', () => {
      const b = board();
      expect(authorize(b, setField(b, b.contributionId, 'text', 'The bus stop moved to Cross St'), contributor).ok).toBe(true);
      expect(authorize(b, setField(b, b.contributionId, 'status', 'published'), contributor)).toEqual({
        ok: false,
        reason: `only a moderator can change the status of contribution "${b.contributionId}"`,
      });
      expect(authorize(b, setField(b, b.contributionId, 'status', 'pending'), contributor).ok).toBe(false);
      const deletion = updateOf(b, (doc) => getRoots(doc).community.delete(b.contributionId));
      expect(authorize(b, deletion, contributor)).toEqual({
        ok: false,
        reason: `only a moderator can delete contribution "${b.contributionId}"`,
      });
    });

    it("refuses a contributor changes to someone else's contribution", () => {
      const b = board();
      expect(authorize(b, setField(b, b.otherContributionId, 'text', 'Closed'), contributor)).toEqual({
        ok: false,
        reason: `a contributor can only change what it created, not "community" record "${b.otherContributionId}"`,
      });
    });

    it('treats an editor as a contributor there, and lets moderators and owners publish and delete', () => {
      const b = board();
      const publish = setField(b, b.contributionId, 'status', 'published');
      const deletion = updateOf(b, (doc) => getRoots(doc).community.delete(b.otherContributionId));
      expect(authorize(b, publish, editor).ok).toBe(false);
      expect(authorize(b, deletion, editor).ok).toBe(false);
      expect(authorize(b, setField(b, b.otherContributionId, 'text', 'Edited'), editor).ok).toBe(true); // the editor created it
      expect(authorize(b, setField(b, b.contributionId, 'text', 'Edited'), editor).ok).toBe(false);
      for (const actor of [moderator, owner]) {
        expect(authorize(b, publish, actor).ok).toBe(true);
        expect(authorize(b, deletion, actor)).toEqual({ ok: true, touched: [{ root: 'community', record: b.otherContributionId }], created: [] });
      }
    });

    it('refuses replacing a contribution with a new record at the same key', () => {
      const b = board();
      const replace = updateOf(b, (doc) => {
        const record = new Y.Map<unknown>();
        record.set('text', 'Mine now');
        getRoots(doc).community.set(b.otherContributionId, record);
      });
      expect(authorize(b, withoutDeletions(replace), contributor).ok).toBe(false);
      expect(authorize(b, replace, contributor).ok).toBe(false);
    });
  });

  describe('comments', () => {
    it('lets a contributor start a thread, and lists it as created', () => {
      const b = board();
      let id = '';
      const update = updateOf(b, (doc) => (id = addCommentThread(doc, { kind: 'canvas', id: b.cardId }, 'Who measures this?', bob)));
      expect(authorize(b, update, contributor)).toEqual({
        ok: true,
        touched: [{ root: 'comments', record: id }],
        created: [{ root: 'comments', record: id }],
      });
    });

    it("lets a contributor reply to someone else's thread but not resolve it", () => {
      const b = board();
      const reply = updateOf(b, (doc) => replyToThread(doc, b.threadId, 'We can count them at the clinic', bob));
      expect(authorize(b, reply, contributor)).toEqual({ ok: true, touched: [{ root: 'comments', record: b.threadId }], created: [] });
      const resolve = updateOf(b, (doc) => setThreadResolved(doc, b.threadId, true, bob));
      expect(authorize(b, resolve, contributor)).toEqual({
        ok: false,
        reason: `a contributor can only change what it created, not "comments" record "${b.threadId}"`,
      });
      // A reply may bump updatedAt, but updatedAt alone is not a reply.
      const stamp = updateOf(b, (doc) => getRoots(doc).comments.get(b.threadId)!.set('updatedAt', 5));
      expect(authorize(b, stamp, contributor).ok).toBe(false);
    });

    it('lets a contributor resolve and delete its own thread but not delete someone else’s', () => {
      const b = board();
      expect(authorize(b, updateOf(b, (doc) => setThreadResolved(doc, b.ownThreadId, true, bob)), contributor).ok).toBe(true);
      expect(authorize(b, updateOf(b, (doc) => deleteThread(doc, b.ownThreadId)), contributor)).toEqual({
        ok: true,
        touched: [{ root: 'comments', record: b.ownThreadId }],
        created: [],
      });
      expect(authorize(b, updateOf(b, (doc) => deleteThread(doc, b.threadId)), contributor).ok).toBe(false);
      expect(authorize(b, updateOf(b, (doc) => deleteThread(doc, b.threadId)), editor).ok).toBe(true);
    });

    it("refuses a contributor replacing someone else's messages or thread, with or without the deletions", () => {
      const b = board();
      const messages = updateOf(b, (doc) => {
        const fresh = new Y.Array<unknown>();
        fresh.push([{ author: 'bob', text: 'only me', at: 1 }]);
        getRoots(doc).comments.get(b.threadId)!.set('messages', fresh);
      });
      expect(authorize(b, messages, contributor).ok).toBe(false);
      expect(authorize(b, withoutDeletions(messages), contributor).ok).toBe(false);
      const thread = updateOf(b, (doc) => getRoots(doc).comments.set(b.threadId, new Y.Map()));
      expect(authorize(b, thread, contributor).ok).toBe(false);
      expect(authorize(b, withoutDeletions(thread), contributor)).toEqual({
        ok: false,
        reason: `a contributor can only change what it created, not "comments" record "${b.threadId}"`,
      });
    });

    it('refuses a contributor changes to a record whose creator is unknown', () => {
      const b = board();
      const update = updateOf(b, (doc) => setThreadResolved(doc, b.ownThreadId, true, bob));
      expect(authorizeUpdate(b.server, update, contributor, () => undefined).ok).toBe(false);
    });

    it('refuses a contributor every other root', () => {
      const b = board();
      expect(authorize(b, updateOf(b, (doc) => setBoardTitle(doc, 'x')), contributor)).toEqual({
        ok: false,
        reason: 'a contributor cannot change "meta"',
      });
      expect(authorize(b, updateOf(b, (doc) => addPurpose(doc, { title: 'x' }, bob)), contributor).ok).toBe(false);
    });
  });
});
