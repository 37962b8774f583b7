import type { BoardId } from '@placeboard/board';

/**
 * Where a version stands: `saved` (a named snapshot), `proposed` (put forward for the partners to agree), or
 * `agreed` (every partner of the version agreed: the "Agreed plan", which cannot be deleted).
 */
export type VersionStatus = 'saved' | 'proposed' | 'agreed';

/** A partner's answer to a proposed version. */
export type SignoffState = 'agreed' | 'concerns';

/** A partner organisation as it was in a version's document: who is asked to sign it off. */
export interface VersionPartner {
  id: string;
  organisation: string;
}

/** One partner's sign-off of a version: the last answer given for that partner wins. */
export interface VersionSignoff {
  partnerId: string;
  state: SignoffState;
  /** Required with `concerns`; may be empty with `agreed`. */
  comment: string;
  /** Actor key (`user:<id>` or `link:<id>`) of who answered for the partner. */
  byActor: string;
  byName: string;
  at: number;
}

/** A named version of a board (without its document state, which {@link VersionStore.getVersionState} reads). */
export interface BoardVersion {
  id: string;
  boardId: BoardId;
  /** 1, 2, 3… per board, in the order versions were saved; never reused, even after a version is deleted. */
  number: number;
  name: string;
  note: string;
  createdBy: string;
  createdByName: string;
  createdAt: number;
  status: VersionStatus;
  proposedAt: number | null;
  agreedAt: number | null;
  /** The partners in the version's document: every one of them must agree for the version to be agreed. */
  partners: VersionPartner[];
  /** Sign-offs given so far, in partner order. */
  signoffs: VersionSignoff[];
}

/** What it takes to save a version; the store gives it the board's next number. */
export interface NewVersion {
  id: string;
  boardId: BoardId;
  name: string;
  note: string;
  /** The board's full Yjs state (`Y.encodeStateAsUpdate`). */
  state: Uint8Array;
  createdBy: string;
  createdByName: string;
  createdAt: number;
  partners: readonly VersionPartner[];
}

/** The outcome of {@link VersionStore.recordSignoff}. */
export type SignoffResult =
  | { ok: true; version: BoardVersion }
  | { ok: false; reason: 'not_found' | 'not_proposed' | 'not_a_partner' };

/** The outcome of {@link VersionStore.deleteVersion}: an agreed version is never deleted. */
export type DeleteVersionResult = 'deleted' | 'not_found' | 'agreed';

/**
 * Durable storage of named versions and their sign-offs, beside the boards (deleting a board deletes its versions).
 * The rules of sign-off live here, in one transaction per call, so two partners answering at once cannot both
 * miss that they completed the agreement.
 */
export interface VersionStore {
  /** Saves a version under the board's next number (1 for its first) and returns it. */
  createVersion(version: NewVersion): Promise<BoardVersion>;
  /** The board's versions, newest (highest number) first. */
  listVersions(boardId: BoardId): Promise<BoardVersion[]>;
  getVersion(boardId: BoardId, number: number): Promise<BoardVersion | undefined>;
  /** The stored Yjs state of a version. */
  getVersionState(boardId: BoardId, number: number): Promise<Uint8Array | undefined>;
  /** Puts a saved version forward for agreement; a proposed or agreed one is returned unchanged. */
  proposeVersion(boardId: BoardId, number: number, now: number): Promise<BoardVersion | undefined>;
  /**
   * Records a partner's answer on a proposed (or agreed) version, replacing that partner's earlier one. When every
   * partner of the version has agreed it becomes `agreed` (at `signoff.at`); `concerns` on an agreed version puts it
   * back to `proposed`. Refused for an unknown version, one not put forward, or a partner not in the version.
   */
  recordSignoff(boardId: BoardId, number: number, signoff: VersionSignoff): Promise<SignoffResult>;
  /** Deletes a version and its sign-offs, unless it is agreed. */
  deleteVersion(boardId: BoardId, number: number): Promise<DeleteVersionResult>;
}
