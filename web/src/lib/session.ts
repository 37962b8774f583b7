import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, getSession, setApiSessionHooks, type SessionInfo, type SessionLink, type SessionUser } from './api';
import { keepCopiesOnlyFor } from './sync/local-copy';

/** Paths anyone may open without an account: community pages (`/c/:token`), sign-in, setup and invitations. */
export function isPublicPath(pathname: string): boolean {
  return /^\/(c|invite)\//.test(pathname) || pathname === '/signin' || pathname === '/setup';
}

/**
 * A `next` address from a query string, if it is safe to go to after sign-in: a path on this site (not `//host`,
 * not a sign-in page again). Anything else becomes `/`.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const path = next.split(/[?#]/)[0] ?? '/';
  return path === '/signin' || path === '/setup' ? '/' : next;
}

/** The sign-in page's address, coming back to `next` afterwards. */
export function signInPath(next: string): string {
  const target = safeNext(next);
  return target === '/' ? '/signin' : `/signin?${new URLSearchParams({ next: target }).toString()}`;
}

/** The session as the web app knows it: loading, known, or unreadable (server down). */
export interface SessionState {
  /** `loading` until the first `GET /api/session` answers; `failed` when it could not be read. */
  status: 'loading' | 'ready' | 'failed';
  /** Why the session could not be read (status `failed`). */
  error: string | null;
  /** True while the server has no account: the owner must use the setup link the server printed. */
  setupRequired: boolean;
  /** The OpenID Connect sign-in button's label, or null when the server has none. */
  oidc: { label: string } | null;
  /** The signed-in person, or null. */
  user: SessionUser | null;
  /** The share link this browser opened (no account), or null. */
  link: SessionLink | null;
  /** The CSRF token every state-changing API call carries. */
  csrfToken: string | null;
  /** Reads the session again (after sign-in, sign-out, setup or a 401); resolves with what the server said. */
  refresh: () => Promise<SessionInfo | null>;
}

const EMPTY: SessionInfo = { setupRequired: false, oidc: null, user: null, link: null, csrfToken: null };

const SessionContext = createContext<SessionState | null>(null);

/**
 * Loads `GET /api/session` on start and keeps it: who is signed in, the CSRF token (handed to every API call
 * through {@link setApiSessionHooks}) and how to sign in. A 401 from any API call re-reads the session and, when it
 * has gone, sends the user to sign-in (never from a public page). Must sit inside the router.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<SessionInfo>(EMPTY);
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const locationRef = useRef(location);
  locationRef.current = location;

  const refresh = useCallback(async (): Promise<SessionInfo | null> => {
    try {
      const next = await getSession();
      // Before anything opens a board: another account's copies must not be read for this one.
      if (next.user) await keepCopiesOnlyFor(`user:${next.user.id}`);
      tokenRef.current = next.csrfToken;
      setInfo(next);
      setError(null);
      setStatus('ready');
      return next;
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The session could not be read.');
      setStatus((old) => (old === 'ready' ? old : 'failed'));
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      setApiSessionHooks({
        csrfToken: () => tokenRef.current,
        renewCsrfToken: async () => (await refresh())?.csrfToken ?? null,
        onUnauthorized: () => {
          const { pathname, search, hash } = locationRef.current;
          if (isPublicPath(pathname)) return;
          void refresh().then((next) => {
            if (next && !next.user && !next.link && !isPublicPath(locationRef.current.pathname)) {
              navigate(signInPath(`${pathname}${search}${hash}`), { replace: true });
            }
          });
        },
      }),
    [refresh, navigate],
  );

  const value = useMemo<SessionState>(() => ({ ...info, status, error, refresh }), [info, status, error, refresh]);
  return createElement(SessionContext.Provider, { value }, children);
}

/** The current session; only valid under {@link SessionProvider}. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession must be used inside <SessionProvider>');
  return state;
}
