import { canEditPlan, canModerate, isRootName, type Role, type RootName } from '@placeboard/board';
import * as Y from 'yjs';
import type { DecodedUpdate } from './validate-update.js';

/** Who is sending the update. `key` is a stable id of the acting person or share link, e.g. 'user:abc' or 'link:xyz'. */
export interface Actor {
  role: Role;
  key: string;
  /** The partner this person speaks for, if any: the only partner whose agreement entries they may set. */
  partnerId?: string | undefined;
  /**
   * The name the server knows this person by. When given, every comment message the update adds must carry it as
   * its `author`, so nobody can post a reply in someone else's name.
   */
  name?: string | undefined;
}

/** Keys of `meta` only the server writes: a client setting `schemaVersion` could make the board impossible to load. */
const SERVER_META_KEYS: ReadonlySet<string> = new Set(['schemaVersion']);

/** A top-level record of a root (for `meta`, one top-level key). */
export interface RecordRef {
  root: RootName;
  record: string;
}

/** One thing an update does, resolved to where it lands. */
export interface Touch {
  root: RootName;
  /** The record key; '' for something written straight into a root without a key (no board code does that). */
  record: string;
  /**
   * Map keys below the record down to where the change lands, e.g. ['agreement', 'partner-1'] or ['messages'] or []
   * for the record's own entry. Stops at the first Y.Array/Y.Text/Y.XmlFragment (content inside those has no key).
   */
  path: string[];
  /** 'insert' for a new struct, 'delete' for a deletion of an existing one. */
  kind: 'insert' | 'delete';
  /** True when the record itself (its top-level item) is created by this same update. */
  recordCreated: boolean;
  /** For an insert that sets a map key to a plain JSON value (ContentAny / ContentJSON / ContentString at a key), that value. */
  value?: unknown;
}

/** What {@link authorizeUpdate} decides: the records an allowed update touches and creates (each listed once), or why it is refused. */
export type AuthorizeResult =
  | { ok: true; touched: RecordRef[]; created: RecordRef[] }
  | { ok: false; reason: string };

/**
 * Map keys nested deeper than this below a record are refused. No board record nests more than three keys; the
 * cap keeps resolving an update linear in its size, since every level copies the path of the level above.
 */
const MAX_PATH_KEYS = 32;

/** Where one item sits. Items below it point at it through `up`, so a record's place is worked out once. */
interface Place {
  item: Y.Item;
  /** Place of the item holding this item's parent type; null for a top-level item. */
  up: Place | null;
  root: RootName;
  /** The record key; null for a top-level item without a key. */
  record: string | null;
  /** This item's own key in its parent type; null when it sits in a sequence. */
  key: string | null;
  /** {@link Touch.path}, capped at {@link MAX_PATH_KEYS}. */
  path: readonly string[];
  /** This item, or one between it and its record, sits in a sequence, so `path` stops above it. */
  inSequence: boolean;
  /** The keys go deeper than {@link MAX_PATH_KEYS}. */
  tooDeep: boolean;
  /** The record's top-level item comes from the update. */
  recordCreated: boolean;
}

/** A shared type of the doc, typed as `doc.share` holds them. */
type SharedType = NonNullable<ReturnType<Y.Doc['share']['get']>>;

/** The type an item goes into: a root, or the type held by another item, with the item's key in it (null in a sequence). */
interface Parent {
  holder: RootName | Y.Item;
  key: string | null;
  /** The live type, when it is already in the doc (needed to see which value a new key replaces). */
  type: SharedType | undefined;
}

/** One struct of the update, or one deletion, with where it lands. */
interface Landing {
  place: Place;
  kind: 'insert' | 'delete';
  /** Set (possibly to undefined) only for an insert of a plain value at a key. */
  value?: unknown;
}

/** Everything an update does, resolved against the doc. */
interface Resolution {
  landings: Landing[];
  /** The update brings new structs that land nowhere: GC ranges, or items Yjs garbage-collects on arrival. */
  unplaced: boolean;
  /** Items the update deletes, explicitly or by setting their key anew. */
  deleted: Set<Y.Item>;
  /** Some items name each other as parent or neighbour in a loop: Yjs throws on such an update. */
  cyclic: boolean;
}

/** Resolves every struct and deletion of `update` (already validated against `doc`) to root, record and path. Does not modify doc. */
export function touchesOf(doc: Y.Doc, update: Uint8Array): Touch[] {
  return resolveUpdate(doc, Y.decodeUpdate(update)).landings.map(({ place, kind, ...rest }) => ({
    root: place.root,
    record: place.record ?? '',
    path: [...place.path],
    kind,
    recordCreated: place.recordCreated,
    ...('value' in rest ? { value: rest.value } : {}),
  }));
}

/**
 * Decides whether `actor` may apply `update` to `doc`. `creatorOf` says which actor key created an existing record
 * (undefined when unknown). An update that changes nothing the doc lacks is allowed for every role, so that a
 * reconnecting client's sync step 2 is not refused.
 */
export function authorizeUpdate(
  doc: Y.Doc,
  update: Uint8Array | DecodedUpdate,
  actor: Actor,
  creatorOf: (ref: RecordRef) => string | undefined,
): AuthorizeResult {
  const decoded = update instanceof Uint8Array ? Y.decodeUpdate(update) : update;
  const { landings, unplaced, deleted, cyclic } = resolveUpdate(doc, decoded);
  if (cyclic) return { ok: false, reason: 'an update whose items contain each other cannot be applied' };
  if (landings.length === 0 && !unplaced) return { ok: true, touched: [], created: [] };
  if (actor.role === 'viewer') return { ok: false, reason: 'a viewer cannot change the board' };

  const isCovered = coveredByDeletion(deleted);
  // Threads that get a reply in this update: the reply may bump their `updatedAt`, as replyToThread does.
  const replied = new Set(landings.filter(isReply).map(({ place }) => place.record));
  const wipe = agreementWipe(landings, actor);
  if (wipe !== undefined) return { ok: false, reason: wipe };
  for (const landing of landings) {
    const reason = refusal(landing, actor, creatorOf, isCovered, replied);
    if (reason !== undefined) return { ok: false, reason };
  }
  const refs = (list: Landing[]) => uniqueRefs(list.map(({ place }) => ({ root: place.root, record: place.record ?? '' })));
  return {
    ok: true,
    touched: refs(landings),
    created: refs(landings.filter(({ place, kind }) => kind === 'insert' && place.recordCreated)),
  };
}

/** Why `actor` may not do what `landing` does, or undefined when it may. */
function refusal(
  landing: Landing,
  actor: Actor,
  creatorOf: (ref: RecordRef) => string | undefined,
  isCovered: (place: Place) => boolean,
  replied: Set<string | null>,
): string | undefined {
  const { place, kind } = landing;
  const { root, record, path } = place;
  // Deleting a type deletes what is inside it: the deletion of the outermost type decides.
  if (kind === 'delete' && isCovered(place)) return undefined;
  if (record === null) return `an update cannot write to "${root}" outside a record`;
  if (root === 'meta' && SERVER_META_KEYS.has(record)) return `"meta.${record}" is set by the server only`;
  if (kind === 'insert' && actor.name !== undefined && isCommentMessage(place)) {
    const forged = messagesOf(place.item).find((message) => message?.author !== actor.name);
    if (forged !== undefined) return `a comment in "${record}" must be written in your own name, "${actor.name}"`;
  }
  if (kind === 'insert' && place.tooDeep) return `an update nests keys more than ${MAX_PATH_KEYS} deep in "${root}" record "${record}"`;

  const plan = canEditPlan(actor.role) && (root !== 'community' || canModerate(actor.role));
  if (!plan) return contributorRefusal(landing, actor, creatorOf, replied);

  if (root === 'canvas' && path[0] === 'agreement') {
    const partner = path[1];
    if (partner !== undefined) {
      if (actor.partnerId !== partner) return `only partner "${partner}" can set its agreement on card "${record}"`;
    } else if (!place.recordCreated && actor.role !== 'owner') {
      return `only an owner can reset every partner's agreement on card "${record}"`;
    }
  }
  return undefined;
}

/**
 * The rules for contributors, and for editors on `community`: new records in `comments` and `community`, changes
 * only to records they created, replies to any thread; contribution status and deletion are for moderators.
 */
function contributorRefusal(
  landing: Landing,
  actor: Actor,
  creatorOf: (ref: RecordRef) => string | undefined,
  replied: Set<string | null>,
): string | undefined {
  const { place, kind } = landing;
  const { root, path, recordCreated } = place;
  const record = place.record ?? '';
  if (root !== 'comments' && root !== 'community') return `a ${actor.role} cannot change "${root}"`;
  if (root === 'community') {
    if (path[0] === 'status') {
      if (!recordCreated) return `only a moderator can change the status of contribution "${record}"`;
      if (kind === 'insert' && landing.value !== 'pending') {
        return `only a moderator can add contribution "${record}" with a status other than "pending"`;
      }
    }
    if (path.length === 0 && kind === 'delete' && !recordCreated) return `only a moderator can delete contribution "${record}"`;
  }
  if (recordCreated || creatorOf({ root, record }) === actor.key) return undefined;
  if (root === 'comments' && (isReply(landing) || (isReplyStamp(landing) && replied.has(record)))) return undefined;
  return `a ${actor.role} can only change what it created, not "${root}" record "${record}"`;
}

/**
 * Why an update that deletes an outcome card holding partners' agreement and creates a card under the same id may
 * not go ahead: the card would stay, with every partner's position silently gone (only an owner may reset them).
 */
function agreementWipe(landings: readonly Landing[], actor: Actor): string | undefined {
  if (actor.role === 'owner') return undefined;
  const recreated = new Set(
    landings
      .filter(({ place, kind }) => kind === 'insert' && place.root === 'canvas' && place.recordCreated && place.path.length === 0)
      .map(({ place }) => place.record),
  );
  for (const { place, kind } of landings) {
    if (kind !== 'delete' || place.root !== 'canvas' || place.path.length !== 0 || !recreated.has(place.record)) continue;
    const content = place.item.content;
    const card = content instanceof Y.ContentType ? content.type : undefined;
    const agreement = card instanceof Y.Map ? card.get('agreement') : undefined;
    if (agreement instanceof Y.Map && agreement.size > 0) {
      return `replacing card "${place.record}" would reset every partner's agreement; only an owner can do that`;
    }
  }
  return undefined;
}

/** An item placed in the `messages` sequence of a comment thread (a new thread's first message, or a reply). */
function isCommentMessage(place: Place): boolean {
  const { up } = place;
  return place.root === 'comments' && place.key === null && up !== null && !up.inSequence && up.path.length === 1 && up.path[0] === 'messages';
}

/** The plain values an item adds to a sequence, as messages (tolerant: anything else reads as undefined fields). */
function messagesOf(item: Y.Item): ({ author?: unknown } | undefined)[] {
  const { content } = item;
  const values: unknown[] = content instanceof Y.ContentAny || content instanceof Y.ContentJSON ? content.arr : [undefined];
  return values.map((value) => (typeof value === 'object' && value !== null ? (value as { author?: unknown }) : undefined));
}

/** An item added straight into the `messages` sequence of an existing comment thread: a reply. */
function isReply({ place, kind }: Landing): boolean {
  const { up } = place;
  return (
    kind === 'insert' &&
    place.root === 'comments' &&
    !place.recordCreated &&
    place.key === null &&
    up !== null &&
    !up.inSequence &&
    up.path.length === 1 &&
    up.path[0] === 'messages'
  );
}

/** The `updatedAt` bump replyToThread makes next to a reply: a new number, or the old value it replaces. */
function isReplyStamp(landing: Landing): boolean {
  const { place, kind } = landing;
  return (
    place.root === 'comments' &&
    !place.inSequence &&
    place.path.length === 1 &&
    place.path[0] === 'updatedAt' &&
    (kind === 'delete' || typeof landing.value === 'number')
  );
}

/** Whether a place lies inside a type that `deleted` holds (memoised, so a deleted subtree is climbed once). */
function coveredByDeletion(deleted: Set<Y.Item>): (place: Place) => boolean {
  // Per place: it is deleted or lies inside a deleted type.
  const known = new Map<Place, boolean>();
  return (place) => {
    const climbed: Place[] = [];
    let answer = false;
    for (let up = place.up; up !== null; up = up.up) {
      const memo = known.get(up);
      if (memo !== undefined) {
        answer = memo;
        break;
      }
      climbed.push(up);
      if (deleted.has(up.item)) {
        answer = true;
        break;
      }
    }
    for (const up of climbed) known.set(up, answer);
    return answer;
  };
}

/** `refs` without repeats, in first-seen order. */
function uniqueRefs(refs: RecordRef[]): RecordRef[] {
  const seen = new Map<string, RecordRef>();
  for (const ref of refs) {
    const id = JSON.stringify([ref.root, ref.record]);
    if (!seen.has(id)) seen.set(id, ref);
  }
  return [...seen.values()];
}

/** Resolves the new structs, explicit deletions and implicit deletions (a key set anew) of `update`. */
function resolveUpdate(doc: Y.Doc, decoded: DecodedUpdate): Resolution {
  const resolver = new UpdateResolver(doc, decoded.structs);
  const landings: Landing[] = [];
  const deleted = new Set<Y.Item>();
  let unplaced = false;

  const land = (item: Y.Item, kind: Landing['kind']): Place | undefined => {
    const place = resolver.placeOf(item);
    if (place === undefined) unplaced = true;
    else landings.push(kind === 'insert' ? { place, kind, ...plainValue(item, place) } : { place, kind });
    return place;
  };
  const remove = (item: Y.Item) => {
    if (deleted.has(item)) return;
    deleted.add(item);
    land(item, 'delete');
  };

  const inserted: Place[] = [];
  for (const struct of decoded.structs) {
    // Structs the doc already holds (re-sent after a reconnect) change nothing.
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
    if (!(struct instanceof Y.Item)) {
      // A GC range (validateUpdate refused Skips): it takes space in the doc but lands in no type.
      unplaced = true;
      continue;
    }
    const place = land(struct, 'insert');
    if (place !== undefined) inserted.push(place);
  }

  for (const [client, ranges] of decoded.ds.clients) {
    const state = Y.getState(doc.store, client);
    const structs = doc.store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      const end = clock + len;
      if (clock < state) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
          const struct = structs[i];
          if (struct instanceof Y.Item && !struct.deleted) remove(struct);
        }
      }
      // Items inserted and deleted by this same update.
      if (end > state) for (const struct of resolver.updateStructsIn(client, Math.max(clock, state), end)) remove(struct);
    }
  }

  // Setting a key that has a live value deletes that value when the new item arrives, whether or not the
  // update's delete set says so (Item.integrate deletes its left neighbour at the same key).
  for (const place of inserted) {
    if (place.key === null) continue;
    const current = resolver.parentOf(place.item)?.type?._map.get(place.key);
    if (current !== undefined && !current.deleted) remove(current);
  }
  return { landings, unplaced, deleted, cyclic: resolver.cyclic };
}

/** `{ value }` when `item` sets a key (outside any sequence) to a plain JSON value, else `{}`. */
function plainValue(item: Y.Item, place: Place): { value?: unknown } {
  if (place.key === null || place.inSequence) return {};
  const { content } = item;
  // A map key reads the last element of its item, as Y.Map.get does.
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return { value: content.arr[content.arr.length - 1] };
  if (content instanceof Y.ContentString) return { value: content.str };
  return {};
}

/** True for an item integrated into the doc, whose `parent` is a type; a decoded struct has a string, an ID or null there. */
function isInDoc(item: Y.Item): boolean {
  return item.parent instanceof Y.AbstractType;
}

/**
 * Finds structs by ID in the doc or the update and places items, with the same rules Yjs follows when it integrates
 * them. An item Yjs would garbage-collect on arrival (parent or neighbour garbage-collected, parent not a type) has
 * no place.
 */
class UpdateResolver {
  /** The update's items and GC ranges per client, in clock order. */
  private readonly byClient = new Map<number, (Y.Item | Y.GC)[]>();
  private readonly parents = new Map<Y.Item, Parent | null>();
  private readonly places = new Map<Y.Item, Place | null>();
  /** Set when items were found to name each other as parent or neighbour in a loop. */
  cyclic = false;

  constructor(
    private readonly doc: Y.Doc,
    structs: readonly (Y.Item | Y.GC | Y.Skip)[],
  ) {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      const list = this.byClient.get(struct.id.client) ?? [];
      list.push(struct);
      this.byClient.set(struct.id.client, list);
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  }

  /** The struct holding clock `id.clock`: the doc's when the doc has that clock, else the update's. */
  findStruct(id: Y.ID): Y.Item | Y.GC | undefined {
    if (id.clock < Y.getState(this.doc.store, id.client)) {
      const structs = this.doc.store.clients.get(id.client) ?? [];
      return structs[Y.findIndexSS(structs, id.clock)];
    }
    const list = this.byClient.get(id.client) ?? [];
    const struct = list[lastStartingAtOrBefore(list, id.clock)];
    return struct && id.clock < struct.id.clock + struct.length ? struct : undefined;
  }

  /** The update's items of `client` that overlap clocks [from, to). */
  updateStructsIn(client: number, from: number, to: number): Y.Item[] {
    const list = this.byClient.get(client) ?? [];
    const items: Y.Item[] = [];
    for (let i = Math.max(0, lastStartingAtOrBefore(list, from)); i < list.length && list[i]!.id.clock < to; i++) {
      const struct = list[i]!;
      if (struct instanceof Y.Item && struct.id.clock + struct.length > from) items.push(struct);
    }
    return items;
  }

  /**
   * The type `item` goes into. A struct decoded from an update names its parent (a root name or the ID of the item
   * holding the type) only when it has no neighbours; otherwise Yjs copies parent and key from the left neighbour,
   * else the right one, and garbage-collects the item when either neighbour is garbage. Chains of neighbours
   * are walked without recursion, and every item on the way gets the answer.
   */
  parentOf(start: Y.Item): Parent | undefined {
    const walked = new Set<Y.Item>();
    let found: Parent | undefined;
    for (let item = start; ; ) {
      const memo = this.parents.get(item);
      if (memo !== undefined) {
        found = memo ?? undefined;
        break;
      }
      walked.add(item);
      const parent: unknown = item.parent;
      if (parent instanceof Y.AbstractType) {
        found = this.typeParent(parent, item.parentSub);
        break;
      }
      if (typeof parent === 'string') {
        found = isRootName(parent) ? { holder: parent, key: item.parentSub, type: this.doc.share.get(parent) } : undefined;
        break;
      }
      if (parent instanceof Y.ID) {
        // Yjs garbage-collects an item whose parent is not a type.
        const holder = this.findStruct(parent);
        const content = holder instanceof Y.Item ? holder.content : undefined;
        if (holder instanceof Y.Item && content instanceof Y.ContentType) {
          found = { holder, key: item.parentSub, type: isInDoc(holder) ? content.type : undefined };
        }
        break;
      }
      const left = item.origin ? this.findStruct(item.origin) : null;
      const right = item.rightOrigin ? this.findStruct(item.rightOrigin) : null;
      if (left === undefined || right === undefined || left instanceof Y.GC || right instanceof Y.GC) break;
      const next = left ?? right;
      if (next === null) break;
      if (walked.has(next)) {
        this.cyclic = true;
        break;
      }
      item = next;
    }
    for (const item of walked) this.parents.set(item, found ?? null);
    return found;
  }

  /** Where `start` sits, climbing through the items that hold its parent types without recursion. */
  placeOf(start: Y.Item): Place | undefined {
    const chain: { item: Y.Item; parent: Parent }[] = [];
    // What sits above the chain: a known place, null when the chain reaches a root, undefined when it cannot be placed.
    let above: Place | null | undefined;
    const seen = new Set<Y.Item>();
    for (let item = start; ; ) {
      const memo = this.places.get(item);
      if (memo !== undefined) {
        above = memo ?? undefined;
        break;
      }
      const parent = this.parentOf(item);
      if (parent === undefined || seen.has(item)) {
        if (parent !== undefined) this.cyclic = true;
        above = undefined;
        break;
      }
      seen.add(item);
      chain.push({ item, parent });
      if (typeof parent.holder === 'string') {
        above = null;
        break;
      }
      item = parent.holder;
    }
    // Build the places top down; the chain's last item is top-level exactly when it reached a root.
    let place = above;
    for (const { item, parent } of chain.reverse()) {
      const { holder, key } = parent;
      if (typeof holder === 'string') place = topPlace(item, holder, key);
      else if (place) place = childPlace(item, key, place);
      this.places.set(item, place ?? null);
    }
    return place ?? undefined;
  }

  /** The parent of an item the doc already holds: its type, named by the item holding it or by root name. */
  private typeParent(type: SharedType, key: string | null): Parent | undefined {
    if (type._item !== null) return { holder: type._item, key, type };
    for (const [name, root] of this.doc.share) {
      if (root === type) return isRootName(name) ? { holder: name, key, type } : undefined;
    }
    return undefined;
  }
}

/** Index of the last struct in `list` (sorted by clock) that starts at or before `clock`; -1 when none does. */
function lastStartingAtOrBefore(list: readonly (Y.Item | Y.GC)[], clock: number): number {
  let low = -1;
  let high = list.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high + 1) / 2);
    if (list[middle]!.id.clock <= clock) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The place of a top-level item: its key in the root is the record. */
function topPlace(item: Y.Item, root: RootName, key: string | null): Place {
  return {
    item,
    up: null,
    root,
    record: key,
    key,
    path: [],
    inSequence: key === null,
    tooDeep: false,
    recordCreated: !isInDoc(item),
  };
}

/** The place of an item inside the type that the item at `up` holds. */
function childPlace(item: Y.Item, key: string | null, up: Place): Place {
  const inSequence = up.inSequence || key === null;
  const tooDeep = up.tooDeep || (!inSequence && up.path.length >= MAX_PATH_KEYS);
  return {
    item,
    up,
    root: up.root,
    record: up.record,
    key,
    path: inSequence || tooDeep || key === null ? up.path : [...up.path, key],
    inSequence,
    tooDeep,
    recordCreated: up.recordCreated,
  };
}
