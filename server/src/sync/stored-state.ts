import * as Y from 'yjs';
import type { StoredDocument } from '../store/types.js';

/** A Yjs update that holds nothing: what a board with no stored state or updates reads as. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/**
 * A board's document as the store holds it, kept as one Yjs update (bytes) rather than decoded into a Y.Doc, so that
 * a room can answer the first clients of a cold board without decoding it first (see {@link Room}): decoding a big
 * board into a Y.Doc, and encoding it again for a client, are most of a cold load's server time, and a client that
 * connects with an empty document needs only the bytes.
 *
 * The stored state and the updates appended after it are merged at the binary level ({@link Y.mergeUpdates}) only
 * when there is more than one of them; the merge is equivalent to applying them one after the other.
 */
export class StoredBoardState {
  /** The whole stored document as one update. */
  readonly update: Uint8Array;

  constructor(stored: Pick<StoredDocument, 'state' | 'updates'>) {
    const parts = stored.state ? [stored.state, ...stored.updates] : stored.updates;
    this.update = parts.length === 0 ? EMPTY_UPDATE : parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts);
  }

  /**
   * What a client whose document has `clientStateVector` lacks (the answer to its sync step 1): the whole update when
   * the state vector is empty (a client with nothing, the usual cold load), else the difference. Throws if the state
   * vector does not decode.
   */
  missingFrom(clientStateVector: Uint8Array): Uint8Array {
    if (Y.decodeStateVector(clientStateVector).size === 0) return this.update;
    return Y.diffUpdate(this.update, clientStateVector);
  }

  /** Applies the stored document to `doc` in one transaction, with `origin`. */
  applyTo(doc: Y.Doc, origin: unknown): void {
    Y.applyUpdate(doc, this.update, origin);
  }
}
