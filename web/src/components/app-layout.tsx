import { Link, Outlet } from 'react-router';
import { useDisplayName } from '../hooks/use-display-name';

/** Page frame shared by every route: skip link, header with the signed-in name, main landmark. */
export function AppLayout() {
  const { name, changeName } = useDisplayName();
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
            <span className="visually-hidden">Signed in as </span>
            <span data-testid="display-name">{name}</span>
          </span>
          <button type="button" className="link-button" onClick={changeName}>
            Change name
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        <Outlet />
      </main>
    </>
  );
}
