import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useDisplayName } from '../hooks/use-display-name';

/**
 * Page frame shared by every route: skip link, header with the display name, main landmark.
 * After an in-app navigation, focus moves to the main landmark so keyboard and screen-reader users start at the new page.
 */
export function AppLayout() {
  const { name, changeName } = useDisplayName();
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
        <div className="app-header__user">
          <span>
            <span className="visually-hidden">Your name: </span>
            <span data-testid="display-name">{name}</span>
          </span>
          <button type="button" className="link-button" onClick={changeName}>
            Change name
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <Outlet />
      </main>
    </>
  );
}
