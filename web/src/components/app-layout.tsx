import { useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useOptionalDisplayName } from '../hooks/use-display-name';
import { signOut } from '../lib/api';
import { useSession } from '../lib/session';
import { deleteAllLocalCopies, unsentInThisTab } from '../lib/sync/local-copy';

/**
 * Page frame shared by every route: skip link, header with who is signed in, main landmark.
 * After an in-app navigation, focus moves to the main landmark so keyboard and screen-reader users start at the new page.
 */
export function AppLayout() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <Link to="/" className="app-header__brand">
          Placeboard
        </Link>
        <HeaderUser />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <Outlet />
      </main>
    </>
  );
}

/** Who is using Placeboard: the account's name and "Sign out", a share-link visitor's name and "Change name". */
function HeaderUser() {
  const session = useSession();
  const displayName = useOptionalDisplayName();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  if (!displayName) return null;
  const signOutNow = async (): Promise<void> => {
    const unsent = unsentInThisTab();
    const lose = unsent === 1 ? '1 change on this board has' : `${unsent} changes on this board have`;
    if (unsent > 0 && !window.confirm(`${lose} not reached the server yet. Signing out deletes them from this browser. Sign out anyway?`)) return;
    setBusy(true);
    // Boards kept in this browser (IndexedDB) go first: no board data stays on a shared computer after sign-out.
    await deleteAllLocalCopies();
    // Even if the server cannot be reached, forget the session here: the cookie may still be gone.
    await signOut().catch(() => {});
    await session.refresh();
    setBusy(false);
    navigate('/signin', { replace: true });
  };
  return (
    <div className="app-header__user">
      <span>
        <span className="visually-hidden">{session.user ? 'Signed in as: ' : 'Your name: '}</span>
        <span data-testid="display-name">{displayName.name}</span>
      </span>
      {displayName.changeName && (
        <button type="button" className="link-button" onClick={displayName.changeName}>
          Change name
        </button>
      )}
      {session.user && (
        <button type="button" className="link-button" onClick={signOutNow} disabled={busy} data-testid="sign-out">
          Sign out
        </button>
      )}
    </div>
  );
}
