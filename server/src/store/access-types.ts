import type { BoardId, Role, RootName } from '@placeboard/board';

/** A person with an account on this server. */
export interface User {
  id: string;
  email: string;
  name: string;
  /** The server's first account: owner of every board, and the only one who may see every board. */
  isAdmin: boolean;
  createdAt: number;
}

/** A user with what sign-in needs: the password hash (local accounts) or the OpenID Connect subject. */
export interface UserCredentials extends User {
  passwordHash: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
}

/** A signed-in browser or API client: a user's, or a share link's (no account; the link decides the role). */
export interface Session {
  /** SHA-256 of the token, base64url; the token itself is only ever in the cookie or header. */
  tokenHash: string;
  userId: string | null;
  linkId: string | null;
  /** What a share-link visitor asked to be called; a user's name comes from the account. */
  displayName: string | null;
  /** Sent back in `X-CSRF-Token` with every state-changing call made with the session cookie. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/** A user's membership of one board. */
export interface Member {
  boardId: BoardId;
  userId: string;
  role: Role;
  /** The partner organisation (a record id in the board's `partners` root) this member speaks for. */
  partnerId: string | null;
  addedAt: number;
}

/** A member as the members page lists them. */
export interface MemberView extends Member {
  email: string;
  name: string;
}

/** What kind of share link: a board link opens the board; a community link opens the community page. */
export type ShareLinkKind = 'board' | 'community';

/** A revocable link that grants a role on one board without an account. */
export interface ShareLink {
  id: string;
  tokenHash: string;
  boardId: BoardId;
  kind: ShareLinkKind;
  role: Role;
  partnerId: string | null;
  label: string;
  createdBy: string;
  createdAt: number;
  /** Milliseconds since the epoch; null for a link that does not expire. */
  expiresAt: number | null;
  revokedAt: number | null;
}

/** An invitation to join a board, sent as a link to copy (no mail server is needed). */
export interface Invite {
  id: string;
  tokenHash: string;
  boardId: BoardId;
  email: string;
  role: Role;
  partnerId: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
}

/** Kinds of audit event. */
export type AuditKind = 'update' | 'sign-in' | 'sign-out' | 'member' | 'link' | 'invite' | 'community' | 'board' | 'version';

/** One line of a board's (or the server's) audit log. */
export interface AuditEvent {
  id?: number;
  /** Null for events that belong to no board (sign-in). */
  boardId: BoardId | null;
  at: number;
  /** `user:<id>`, `link:<id>` or `server`. */
  actor: string;
  /** The actor's name at the time. */
  actorName: string;
  kind: AuditKind;
  /** Board roots the event touched (updates). */
  roots: RootName[];
  /** Records touched, as `root/recordId` (updates). */
  records: string[];
  /** Size of the update in bytes (updates); 0 otherwise. */
  bytes: number;
  /** A short sentence saying what happened (sign-in, role changes, links). */
  detail: string;
}

/** Filters of {@link AccessStore.listAudit}. */
export interface AuditQuery {
  boardId: BoardId;
  actor?: string;
  root?: RootName;
  /** Inclusive lower bound, ms since the epoch. */
  from?: number;
  /** Exclusive upper bound, ms since the epoch. */
  to?: number;
  /** Most recent first; at most this many. @default 500 */
  limit?: number;
}

/** Who created a record: the actor key, kept so a contributor can change only what it created. */
export interface RecordCreator {
  root: RootName;
  record: string;
  actor: string;
}

/**
 * Durable storage of accounts, sessions, memberships, share links, invitations, record creators and the audit log.
 * Lives beside {@link BoardStore} in the same database, so deleting a board removes its members and links too.
 */
export interface AccessStore {
  countUsers(): Promise<number>;
  /**
   * Keeps the hash of a one-time setup token, made by a process while the server has no account: each process of a
   * deployment prints its own link, and any process accepts any of them (see {@link consumeSetupToken}).
   */
  addSetupToken(tokenHash: string, now: number): Promise<void>;
  /**
   * If `tokenHash` is a kept setup token, deletes every kept one and says true, atomically: of two setups at once,
   * through two processes, only one gets through. Otherwise changes nothing and says false.
   */
  consumeSetupToken(tokenHash: string): Promise<boolean>;
  createUser(user: UserCredentials): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  /** Case-insensitive. */
  getUserByEmail(email: string): Promise<UserCredentials | undefined>;
  getUserByOidc(issuer: string, subject: string): Promise<User | undefined>;

  createSession(session: Session): Promise<void>;
  getSession(tokenHash: string): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Sets a share-link visitor's display name. */
  setSessionName(tokenHash: string, name: string): Promise<void>;

  /** Adds or replaces a membership. */
  putMember(member: Member): Promise<void>;
  getMember(boardId: BoardId, userId: string): Promise<Member | undefined>;
  listMembers(boardId: BoardId): Promise<MemberView[]>;
  removeMember(boardId: BoardId, userId: string): Promise<boolean>;
  /** Boards a user is a member of. */
  boardsOfUser(userId: string): Promise<BoardId[]>;

  createLink(link: ShareLink): Promise<void>;
  getLink(id: string): Promise<ShareLink | undefined>;
  getLinkByToken(tokenHash: string): Promise<ShareLink | undefined>;
  listLinks(boardId: BoardId): Promise<ShareLink[]>;
  revokeLink(id: string, now: number): Promise<boolean>;

  createInvite(invite: Invite): Promise<void>;
  getInviteByToken(tokenHash: string): Promise<Invite | undefined>;
  listInvites(boardId: BoardId): Promise<Invite[]>;
  markInviteAccepted(id: string, now: number): Promise<void>;
  deleteInvite(boardId: BoardId, id: string): Promise<boolean>;

  listRecordCreators(boardId: BoardId): Promise<RecordCreator[]>;
  addRecordCreators(boardId: BoardId, creators: readonly RecordCreator[]): Promise<void>;

  appendAudit(events: readonly AuditEvent[]): Promise<void>;
  listAudit(query: AuditQuery): Promise<AuditEvent[]>;
}
