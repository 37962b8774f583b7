import { Link } from 'react-router';

/** Shown for any address the app does not know. */
export function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        If you typed the web address, check it is correct. <Link to="/">Go to your boards</Link>.
      </p>
    </div>
  );
}
