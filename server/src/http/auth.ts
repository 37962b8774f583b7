import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { NewSession } from '../auth/access.js';
import { hashToken } from '../auth/tokens.js';
import { clientAddress, type AddressOfRequest } from '../client-address.js';
import type { WindowLimiter } from '../limits/window-limiter.js';
import type { Logger } from '../log.js';
import type { PlaceboardStore } from '../store/types.js';
import { ApiError, parseBody, readJson } from './errors.js';
import { SESSION_COOKIE, presentedSecret, type SessionEnv } from './session.js';

/** Options of {@link createAuthRoutes}. */
export interface AuthRoutesOptions {
  store: PlaceboardStore;
  log: Logger;
  /** Label of the OpenID Connect button ("Sign in with NHS mail"), or undefined when OpenID Connect is off. */
  oidcLabel?: string | undefined;
  /** Counts password sign-in attempts per IP address (`ip:…`): see createLimiters. */
  signInLimiter: WindowLimiter;
  /** How to read a caller's address (see {@link createAddressOfRequest}). */
  addressOf: AddressOfRequest;
  now?: () => number;
}

const email = z.string().trim().toLowerCase().email('email must be an email address').max(320);
const name = z.string().trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters');
const password = z.string().min(10, 'password must be at least 10 characters').max(200, 'password must be at most 200 characters');
const setupBody = z.object({ token: z.string().min(1), email, name, password });
const loginBody = z.object({ email, password: z.string().min(1).max(200) });
const nameBody = z.object({ name });

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Lax, and Secure when the browser came over https,
 * directly or through a TLS-terminating proxy that says so in `X-Forwarded-Proto` (trusting it can only add the flag).
 */
export function setSessionCookie(c: Context, created: NewSession): void {
  const https = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  setCookie(c, SESSION_COOKIE, created.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: https,
    path: '/',
    expires: new Date(created.session.expiresAt),
  });
}

/** What `GET /api/session` answers: who this is, the CSRF token, and how to sign in. */
async function describeSession(c: Context<SessionEnv>, options: AuthRoutesOptions) {
  const identity = c.get('identity');
  const setupRequired = (await options.store.countUsers()) === 0;
  const base = { setupRequired, oidc: options.oidcLabel ? { label: options.oidcLabel } : null };
  if (identity.kind === 'user') {
    const { id, email: mail, name: userName, isAdmin } = identity.user;
    return { ...base, user: { id, email: mail, name: userName, isAdmin }, link: null, csrfToken: identity.session?.csrfToken ?? null };
  }
  if (identity.kind === 'link') {
    const { link, session } = identity;
    return {
      ...base,
      user: null,
      link: { boardId: link.boardId, role: link.role, label: link.label, name: session?.displayName ?? null },
      csrfToken: session?.csrfToken ?? null,
    };
  }
  return { ...base, user: null, link: null, csrfToken: null };
}

/**
 * `/api/session` and `/api/auth/*`: who is signed in, first-run setup, sign-in and sign-out with email and
 * password, and a share-link visitor's display name.
 */
export function createAuthRoutes(options: AuthRoutesOptions): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();
  const now = options.now ?? Date.now;
  const attempts = options.signInLimiter;
  const { addressOf } = options;
  const audit = (actor: string, actorName: string, kind: 'sign-in' | 'sign-out', detail: string) =>
    options.store.appendAudit([{ boardId: null, at: now(), actor, actorName, kind, roots: [], records: [], bytes: 0, detail }]);

  app.get('/session', async (c) => c.json(await describeSession(c, options)));

  app.put('/session/name', async (c) => {
    const identity = c.get('identity');
    if (identity.kind !== 'link' || !identity.session) {
      throw new ApiError(400, 'bad_request', 'Only visitors who opened a share link choose a display name; accounts use their own.');
    }
    const body = parseBody(nameBody, await readJson(c));
    await options.store.setSessionName(identity.session.tokenHash, body.name);
    return c.json({ name: body.name });
  });

  app.post('/auth/setup', async (c) => {
    const body = parseBody(setupBody, await readJson(c));
    const created = await c.get('access').completeSetup(body.token, body);
    setSessionCookie(c, created);
    await audit(`user:${created.user.id}`, created.user.name, 'sign-in', 'created the owner account');
    options.log.info('owner account created', { user: created.user.id });
    return c.json({ user: created.user, csrfToken: created.session.csrfToken }, 201);
  });

  app.post('/auth/login', async (c) => {
    const attempt = await attempts.take([`ip:${clientAddress(c, addressOf)}`]);
    if (!attempt.ok) {
      c.header('Retry-After', String(Math.ceil(attempt.retryAfterMs / 1000)));
      throw new ApiError(429, 'rate_limited', 'Too many sign-in attempts from this address. Wait a minute and try again.');
    }
    const body = parseBody(loginBody, await readJson(c));
    const created = await c.get('access').signIn(body.email, body.password);
    setSessionCookie(c, created);
    await audit(`user:${created.user.id}`, created.user.name, 'sign-in', 'signed in with a password');
    return c.json({ user: created.user, csrfToken: created.session.csrfToken });
  });

  app.post('/auth/logout', async (c) => {
    const identity = c.get('identity');
    const { secret } = presentedSecret(c);
    if (secret && identity.kind !== 'anonymous' && identity.session) {
      await c.get('access').signOut(hashToken(secret));
      if (identity.kind === 'user') await audit(`user:${identity.user.id}`, identity.user.name, 'sign-out', 'signed out');
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  return app;
}
