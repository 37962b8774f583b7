import { isRootName } from '@placeboard/board';
import * as Y from 'yjs';

/** An update as `Y.decodeUpdate` reads it: its structs and its delete set. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Why an update was refused; the text goes back to the client and into the log. */
export type UpdateVerdict =
  | {
      ok: true;
      /** Nothing in it is new to the doc: no struct and no deletion. */
      empty: boolean;
      /** Yjs client ids under which the update adds structs (items or garbage-collected ranges) the doc lacks. */
      writesUnder: number[];
      /** The update decoded, for the permission check to read without decoding it again. */
      decoded: DecodedUpdate;
    }
  | {
      ok: false;
      reason: string;
      /**
       * The update is well formed but builds on changes the doc does not have: it may apply once they arrive (see
       * "Ahead of the catch-up" in Room).
       */
      missingDependencies?: true;
    };

/**
 * Decides, before anything is stored, whether `update` can be applied to `doc` in full:
 * it must decode, every struct and deletion it refers to must be in `doc` or in the update itself
 * (otherwise Yjs would park it as pending and the stored log would hold an edit nobody can see),
 * and it may only create the board's own root types.
 */
export function validateUpdate(doc: Y.Doc, update: Uint8Array): UpdateVerdict {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return { ok: false, reason: `update does not decode: ${error instanceof Error ? error.message : String(error)}` };
  }
  // One client at a time: the doc's whole state vector would cost as much as it has clients, for every update.
  const stateOf = (client: number) => Y.getState(doc.store, client);

  // Per client, the clock range [start, end) the update brings.
  const ranges = new Map<number, { start: number; end: number }>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) return { ok: false, reason: 'update has gaps (skipped structs)' };
    const { client, clock } = struct.id;
    const range = ranges.get(client);
    if (range === undefined) ranges.set(client, { start: clock, end: clock + struct.length });
    else range.end = Math.max(range.end, clock + struct.length);
  }
  for (const [client, range] of ranges) {
    if (range.start > stateOf(client)) {
      return { ok: false, reason: `update depends on unknown changes of client ${client}`, missingDependencies: true };
    }
  }
  const reachable = (id: Y.ID): boolean => id.clock < Math.max(stateOf(id.client), ranges.get(id.client)?.end ?? 0);

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const ref of [struct.origin, struct.rightOrigin]) {
      if (ref && !reachable(ref)) return { ok: false, reason: `update refers to an unknown item of client ${ref.client}`, missingDependencies: true };
    }
    const parent: unknown = struct.parent;
    if (parent instanceof Y.ID && !reachable(parent)) {
      return { ok: false, reason: `update refers to an unknown parent of client ${parent.client}`, missingDependencies: true };
    }
    // decodeUpdate leaves a root's name in `parent` as a string.
    if (typeof parent === 'string' && !isRootName(parent)) {
      return { ok: false, reason: `update writes to "${parent.slice(0, 60)}", which is not a board root` };
    }
  }
  for (const [client, deletions] of decoded.ds.clients) {
    for (const deletion of deletions) {
      if (deletion.clock + deletion.len > Math.max(stateOf(client), ranges.get(client)?.end ?? 0)) {
        return { ok: false, reason: `update deletes unknown items of client ${client}`, missingDependencies: true };
      }
    }
  }
  const writesUnder = [...ranges].filter(([client, range]) => range.end > stateOf(client)).map(([client]) => client);
  return { ok: true, empty: writesUnder.length === 0 && deletesNothingNew(doc, decoded.ds), writesUnder, decoded };
}

/**
 * True when every deletion in the update is already made. With no new structs either, applying it would change
 * nothing: a reconnecting y-websocket client answers the server's step 1 with its whole delete set, which would
 * otherwise be stored and broadcast again on every reconnect.
 */
function deletesNothingNew(doc: Y.Doc, ds: DecodedUpdate['ds']): boolean {
  for (const [client, deletions] of ds.clients) {
    // Every deletion was checked above to lie within what the doc holds, so the structs are there.
    const structs = doc.store.clients.get(client) ?? [];
    for (const { clock, len } of deletions) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        if (!structs[i]!.deleted) return false;
      }
    }
  }
  return true;
}
