import { useEffect } from 'react';
import './auth.css';

/**
 * Shown instead of sign-in while the server has no account yet: only the person who started the server can create
 * the first (owner) account, with the one-time link the server printed.
 */
export function SetupNotice() {
  useEffect(() => {
    document.title = 'Not set up yet – Placeboard';
  }, []);
  return (
    <div className="auth-page">
      <div className="auth-card" data-testid="setup-notice">
        <h1>This server is not set up yet</h1>
        <p>
          This server is not set up yet: use the link printed when the server started. It creates the owner account, and
          only works once.
        </p>
        <p className="hint">If you did not start the server, ask the person who did to set it up and invite you.</p>
      </div>
    </div>
  );
}
