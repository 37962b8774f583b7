import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AccessError } from '../auth/access.js';
import { OidcError, type Oidc } from '../auth/oidc.js';
import { errorMessage, type Logger } from '../log.js';
import type { PlaceboardStore } from '../store/types.js';
import { setSessionCookie } from './auth.js';
import type { SessionEnv } from './session.js';

/** Cookie naming the sign-in in progress; only the OpenID Connect routes ever see it. */
export const OIDC_COOKIE = 'placeboard_oidc';
const COOKIE_PATH = '/api/auth/oidc';

/** Options of {@link createOidcRoutes}. */
export interface OidcRoutesOptions {
  oidc: Oidc;
  store: PlaceboardStore;
  log: Logger;
  /** @default Date.now */
  now?: () => number;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/** A failed sign-in as a small page for a browser, or the API's JSON error for anything else. */
function failure(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  c.header('Cache-Control', 'no-store');
  if (!(c.req.header('accept') ?? '').includes('text/html')) return c.json({ error: { code, message } }, status);
  return c.html(
    `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign-in did not work – Placeboard</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Sign-in did not work</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/">Back to Placeboard</a></p>
</body>
</html>`,
    status,
  );
}

/**
 * `/api/auth/oidc/*`: sign-in with the organisation's OpenID Connect provider. `start` sends the browser to the
 * provider; `callback` is where it comes back, signed in. Every failure answers a page (or JSON) saying what went
 * wrong, never a crash.
 */
export function createOidcRoutes(options: OidcRoutesOptions): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();
  const { oidc, log } = options;
  const now = options.now ?? Date.now;
  const secure = new URL(oidc.redirectUri).protocol === 'https:';

  const failed = (c: Context, error: unknown) => {
    if (error instanceof OidcError || error instanceof AccessError) return failure(c, error.status, error.code, error.message);
    log.error('OpenID Connect sign-in crashed', { path: c.req.path, error: errorMessage(error) });
    return failure(c, 500, 'internal', 'Something went wrong on the server. Try again.');
  };

  app.get('/start', async (c) => {
    try {
      const { signInId, authorizationUrl } = await oidc.start(c.req.query('next'));
      // Lax: sent on the provider's top-level redirect back to the callback, never on another site's subrequests.
      setCookie(c, OIDC_COOKIE, signInId, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: COOKIE_PATH,
        maxAge: Math.floor(oidc.pendingMs / 1000),
      });
      c.header('Cache-Control', 'no-store');
      return c.redirect(authorizationUrl.href, 302);
    } catch (error) {
      return failed(c, error);
    }
  });

  app.get('/callback', async (c) => {
    const signInId = getCookie(c, OIDC_COOKIE);
    deleteCookie(c, OIDC_COOKIE, { path: COOKIE_PATH, secure, httpOnly: true, sameSite: 'Lax' });
    try {
      const { profile, next } = await oidc.finish(signInId, new URL(c.req.url).searchParams);
      const access = c.get('access');
      const user = await access.userFromOidc(profile);
      const created = await access.sessionFor(user.id);
      setSessionCookie(c, created);
      await options.store.appendAudit([
        { boardId: null, at: now(), actor: `user:${user.id}`, actorName: user.name, kind: 'sign-in', roots: [], records: [], bytes: 0, detail: 'signed in with OpenID Connect' },
      ]);
      c.header('Cache-Control', 'no-store');
      return c.redirect(next, 302);
    } catch (error) {
      return failed(c, error);
    }
  });

  return app;
}
