import type { BoardId } from '@placeboard/board';
import type { AccessStore, AuditEvent, RecordCreator } from './access-types.js';
import type { VersionStore } from './version-types.js';

/** A board as the board list shows it. */
export interface BoardSummary {
  id: BoardId;
  title: string;
  createdAt: number;
  updatedAt: number;
}

/** What is stored of a board's document: the compacted state and the updates appended since, oldest first. */
export interface StoredDocument {
  state: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last update in `updates` (or of the last one folded into `state`). */
  lastSeq: number;
  /** Sequence number of the last update folded into `state` (0 when nothing has been). */
  stateSeq: number;
}

/**
 * Durable storage of boards and their documents. Every method is async so that SQLite and PostgreSQL
 * implement one contract. An update is durable once `appendUpdate` resolves.
 */
export interface BoardStore {
  listBoards(): Promise<BoardSummary[]>;
  getBoard(id: BoardId): Promise<BoardSummary | undefined>;
  /** Creates a board with its initial document state. */
  createBoard(board: { id: BoardId; title: string; state: Uint8Array; now: number }): Promise<BoardSummary>;
  /** Renames a board; returns undefined if it does not exist. */
  renameBoard(id: BoardId, title: string, now: number): Promise<BoardSummary | undefined>;
  /** Deletes a board and everything stored of it; returns false if it did not exist. */
  deleteBoard(id: BoardId): Promise<boolean>;
  /**
   * Reads a board's document. With `heldStateSeq`, a state whose `stateSeq` is that one is left out (`state: null`):
   * the caller holds it already, and a board's state can be megabytes.
   */
  loadDocument(id: BoardId, options?: { heldStateSeq?: number }): Promise<StoredDocument | undefined>;
  /**
   * Appends one update to the board's log and returns its sequence number. What it `attaches` (its audit line, the
   * creators of records it made) is written in the same transaction, so the log and the audit never disagree.
   */
  appendUpdate(id: BoardId, update: Uint8Array, now: number, attaches?: UpdateAttachments): Promise<number>;
  /**
   * Appends several updates, in order, in one transaction (one disk flush for all of them: a room stores what its
   * clients sent in one turn of the event loop together), and returns their sequence numbers. All or none are
   * stored. An empty list stores nothing.
   */
  appendUpdates(id: BoardId, entries: readonly AppendEntry[], now: number): Promise<number[]>;
  /** Replaces the state with `state` and drops every update up to and including `uptoSeq`, atomically. */
  compact(id: BoardId, state: Uint8Array, uptoSeq: number): Promise<void>;
  close(): Promise<void>;
}

/** One update of {@link BoardStore.appendUpdates}, with what is written with it. */
export interface AppendEntry {
  update: Uint8Array;
  attaches?: UpdateAttachments;
}

/** Written with an update, atomically: see {@link BoardStore.appendUpdate}. */
export interface UpdateAttachments {
  audit?: AuditEvent;
  creators?: readonly RecordCreator[];
}

/** Everything the server keeps: boards and their documents, who may do what with them, and named versions. */
export type PlaceboardStore = BoardStore & AccessStore & VersionStore;
