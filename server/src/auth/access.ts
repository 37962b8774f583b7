import { guestName, type BoardId, type Role } from '@placeboard/board';
import { createHash } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { Session, ShareLink, User } from '../store/access-types.js';
import type { PlaceboardStore } from '../store/types.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

/** How long a sign-in lasts. */
export const SESSION_MS = 14 * 24 * 60 * 60 * 1000;

/** Who is making a request or holding a socket, before any board is considered. */
export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: User; session: Session | null }
  | { kind: 'link'; link: ShareLink; session: Session | null };

/** What one identity may do on one board: the role, and who the server records as the author. */
export interface BoardAccess {
  boardId: BoardId;
  role: Role;
  /** The partner organisation this person or link speaks for: only they set that partner's agreement. */
  partnerId: string | null;
  /** Stable key of who acts: `user:<id>` or `link:<id>`. Audit lines and record creators use it. */
  actor: string;
  /** Name shown in presence and in the audit log. */
  name: string;
  userId: string | null;
  linkId: string | null;
  /** When this access runs out (the session's or the link's end, whichever is first); null for never. */
  expiresAt: number | null;
}

/**
 * Who someone is in a board's presence (`user.key`, written by the server): the same for every tab and device of one
 * account, or one guest's browser, so that the board counts people rather than tabs. It is a digest of the board and
 * the {@link BoardAccess.actor}: it names no account, and the same person has another key on another board.
 */
export function presenceKey(access: Pick<BoardAccess, 'boardId' | 'actor'>): string {
  return createHash('sha256').update(`${access.boardId}\0${access.actor}`).digest('base64url').slice(0, 16);
}

/** The earlier of two optional moments. */
function earliest(a: number | null | undefined, b: number | null | undefined): number | null {
  const times = [a, b].filter((t): t is number => typeof t === 'number');
  return times.length === 0 ? null : Math.min(...times);
}

/** A sign-in: the secret for the cookie or the Authorization header, and the stored session. */
export interface NewSession {
  token: string;
  session: Session;
}

/** Thrown for a sign-in or setup that cannot go ahead; `code` is the API error code. */
export class AccessError extends Error {
  constructor(readonly status: 400 | 401 | 403 | 404 | 409 | 410, readonly code: string, message: string) {
    super(message);
  }
}

/** Options of {@link createAccess}. */
export interface AccessOptions {
  store: PlaceboardStore;
  /** @default Date.now */
  now?: () => number;
}

/** True when a link can still be used at `now`. */
export function linkIsLive(link: ShareLink, now: number): boolean {
  return link.revokedAt === null && (link.expiresAt === null || link.expiresAt > now);
}

/**
 * Accounts, sessions and board access over the store. The HTTP routes and the WebSocket upgrade both ask it who
 * someone is ({@link identify}) and what they may do on a board ({@link boardAccess}).
 */
export function createAccess(options: AccessOptions) {
  const { store } = options;
  const now = options.now ?? Date.now;
  /** One-time secret for creating the first account; exists only while the server has no users. */
  let setupToken: string | undefined;

  async function startSession(fields: { userId: string | null; linkId: string | null; displayName: string | null; expiresAt?: number }): Promise<NewSession> {
    const token = newToken();
    const at = now();
    const session: Session = {
      tokenHash: hashToken(token),
      userId: fields.userId,
      linkId: fields.linkId,
      displayName: fields.displayName,
      csrfToken: newToken(),
      createdAt: at,
      expiresAt: Math.min(fields.expiresAt ?? Infinity, at + SESSION_MS),
    };
    await store.createSession(session);
    return { token, session };
  }

  const access = {
    /**
     * This process's one-time setup secret while there are no accounts (made and stored on first call), else
     * undefined. Every process of a deployment has its own, and each accepts all of them (the store keeps them).
     */
    async setupToken(): Promise<string | undefined> {
      if ((await store.countUsers()) > 0) {
        setupToken = undefined;
        return undefined;
      }
      if (setupToken === undefined) {
        const token = newToken();
        await store.addSetupToken(hashToken(token), now());
        setupToken = token;
      }
      return setupToken;
    },

    /**
     * Creates the first account (the server's admin) with a one-time setup token any process of the deployment made,
     * and signs it in. Using one spends them all, so two setups at once cannot both get through.
     */
    async completeSetup(token: string, fields: { email: string; name: string; password: string }): Promise<{ user: User } & NewSession> {
      const alreadySetUp = () => new AccessError(409, 'already_set_up', 'This server already has an owner account.');
      if ((await store.countUsers()) > 0) throw alreadySetUp();
      if (!(await store.consumeSetupToken(hashToken(token)))) {
        // Another setup may just have spent the tokens.
        if ((await store.countUsers()) > 0) throw alreadySetUp();
        throw new AccessError(403, 'bad_token', 'The setup link is not valid. Use the one the server printed when it started.');
      }
      let user: User;
      try {
        user = await access.createLocalUser({ ...fields, isAdmin: true });
      } catch (error) {
        // The account was not made: the link used must work again.
        await store.addSetupToken(hashToken(token), now());
        throw error;
      }
      setupToken = undefined;
      return { user, ...(await startSession({ userId: user.id, linkId: null, displayName: null })) };
    },

    /** Creates a local account; refuses an email already in use. */
    async createLocalUser(fields: { email: string; name: string; password: string; isAdmin?: boolean }): Promise<User> {
      if (await store.getUserByEmail(fields.email)) {
        throw new AccessError(409, 'email_in_use', 'An account with that email address already exists. Sign in instead.');
      }
      return store.createUser({
        id: nanoid(),
        email: fields.email,
        name: fields.name,
        isAdmin: fields.isAdmin ?? false,
        createdAt: now(),
        passwordHash: await hashPassword(fields.password),
        oidcIssuer: null,
        oidcSubject: null,
      });
    },

    /** Finds or creates the account of an OpenID Connect subject. */
    async userFromOidc(fields: { issuer: string; subject: string; email: string; name: string }): Promise<User> {
      const known = await store.getUserByOidc(fields.issuer, fields.subject);
      if (known) return known;
      const byEmail = await store.getUserByEmail(fields.email);
      if (byEmail) {
        throw new AccessError(409, 'email_in_use', 'An account with this email address already signs in with a password. Sign in with it instead.');
      }
      const isAdmin = (await store.countUsers()) === 0;
      return store.createUser({
        id: nanoid(),
        email: fields.email,
        name: fields.name,
        isAdmin,
        createdAt: now(),
        passwordHash: null,
        oidcIssuer: fields.issuer,
        oidcSubject: fields.subject,
      });
    },

    /** Signs in with email and password; the same error whether the email or the password is wrong. */
    async signIn(email: string, password: string): Promise<{ user: User } & NewSession> {
      const user = await store.getUserByEmail(email);
      // Hash anyway when there is no such user, so the answer takes as long either way.
      const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      if (!user || !user.passwordHash || !ok) throw new AccessError(401, 'bad_credentials', 'That email address and password do not match an account.');
      const { passwordHash: _p, oidcIssuer: _i, oidcSubject: _s, ...plain } = user;
      return { user: plain, ...(await startSession({ userId: user.id, linkId: null, displayName: null })) };
    },

    /** Starts a session for a user who signed in some other way (OpenID Connect). */
    sessionFor(userId: string): Promise<NewSession> {
      return startSession({ userId, linkId: null, displayName: null });
    },

    /** Opens a share link in a browser: a session bound to the link, ending when the link would. */
    async sessionForLink(token: string): Promise<{ link: ShareLink } & NewSession> {
      const link = await store.getLinkByToken(hashToken(token));
      if (!link || !linkIsLive(link, now())) throw new AccessError(410, 'link_expired', 'This link has expired or been withdrawn. Ask whoever shared it for a new one.');
      return { link, ...(await startSession({ userId: null, linkId: link.id, displayName: null, expiresAt: link.expiresAt ?? undefined })) };
    },

    /** Ends a session. */
    signOut(sessionTokenHash: string): Promise<void> {
      return store.deleteSession(sessionTokenHash);
    },

    /**
     * Who holds a secret: a session token (cookie or `Authorization: Bearer`) or a share link token (`?token=`,
     * or Bearer). Expired sessions and revoked or expired links count as nobody.
     */
    async identify(secret: string | undefined): Promise<Identity> {
      if (!secret) return { kind: 'anonymous' };
      const hash = hashToken(secret);
      const at = now();
      const session = await store.getSession(hash);
      if (session) {
        if (session.expiresAt <= at) return { kind: 'anonymous' };
        if (session.userId) {
          const user = await store.getUser(session.userId);
          return user ? { kind: 'user', user, session } : { kind: 'anonymous' };
        }
        if (session.linkId) {
          const link = await store.getLink(session.linkId);
          return link && linkIsLive(link, at) ? { kind: 'link', link, session } : { kind: 'anonymous' };
        }
        return { kind: 'anonymous' };
      }
      const link = await store.getLinkByToken(hash);
      return link && linkIsLive(link, at) ? { kind: 'link', link, session: null } : { kind: 'anonymous' };
    },

    /** What `identity` may do on `boardId`, or undefined for nothing. Community links never open the board itself. */
    async boardAccess(identity: Identity, boardId: BoardId): Promise<BoardAccess | undefined> {
      if (identity.kind === 'user') {
        const { user } = identity;
        const member = await store.getMember(boardId, user.id);
        const role: Role | undefined = user.isAdmin ? 'owner' : member?.role;
        if (!role) return undefined;
        return {
          boardId,
          role,
          partnerId: member?.partnerId ?? null,
          actor: `user:${user.id}`,
          name: user.name,
          userId: user.id,
          linkId: null,
          expiresAt: earliest(identity.session?.expiresAt, null),
        };
      }
      if (identity.kind === 'link') {
        const { link, session } = identity;
        if (link.boardId !== boardId || link.kind !== 'board' || !linkIsLive(link, now())) return undefined;
        return {
          boardId,
          role: link.role,
          partnerId: link.partnerId,
          // Each browser that opened the link is its own author (contributors change only what they added); a
          // script presenting the bare token acts as the link itself.
          actor: session ? `link:${link.id}:${session.tokenHash.slice(0, 16)}` : `link:${link.id}`,
          name: session?.displayName ? guestName(session.displayName) : `Guest (${link.label || link.role})`,
          userId: null,
          linkId: link.id,
          expiresAt: earliest(session?.expiresAt, link.expiresAt),
        };
      }
      return undefined;
    },
  };
  return access;
}

/** The account and session service; see {@link createAccess}. */
export type Access = ReturnType<typeof createAccess>;
