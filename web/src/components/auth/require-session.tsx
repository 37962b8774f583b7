import { Navigate, Outlet, useLocation } from 'react-router';
import { signInPath, useSession } from '../../lib/session';
import { SetupNotice } from './setup-notice';

/**
 * Layout route for pages that need someone: a signed-in account, or a share-link visitor. Anyone else goes to
 * sign-in (coming back afterwards), or sees the "not set up yet" notice while the server has no account. Community
 * pages (`/c/...`) are public and never redirected. A share-link visitor opening `/` goes to the link's board.
 */
export function RequireSession() {
  const session = useSession();
  const { pathname, search, hash } = useLocation();

  if (pathname.startsWith('/c/')) return <Outlet />;
  if (session.status === 'loading') return <p role="status">Loading…</p>;
  if (session.status === 'failed' && !session.user && !session.link) {
    return (
      <div className="page page--narrow">
        <h1>Placeboard is not answering</h1>
        <p className="error-message" role="alert">
          {session.error ?? 'The server could not be reached.'}
        </p>
        <button type="button" className="button" onClick={() => void session.refresh()}>
          Try again
        </button>
      </div>
    );
  }
  if (session.user) return <Outlet />;
  if (session.link) {
    if (pathname === '/') return <Navigate to={`/b/${encodeURIComponent(session.link.boardId)}`} replace />;
    return <Outlet />;
  }
  if (session.setupRequired) return <SetupNotice />;
  return <Navigate to={signInPath(`${pathname}${search}${hash}`)} replace />;
}
