import { useCallback, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { guestName } from '@placeboard/board';
import { useLocation } from 'react-router';
import { DisplayNameContext, type DisplayNameState } from '../hooks/use-display-name';
import { ApiError, setSessionName, validationErrors } from '../lib/api';
import { DISPLAY_NAME_MAX } from '../lib/display-name';
import { isPublicPath, useSession } from '../lib/session';

/**
 * Puts the display name in context for the rest of the app (presence, comments, canvas authors). A signed-in
 * person is shown under their account's name. A visitor who opened a share link has no account: on their first
 * visit this asks for a name once and keeps it with their session on the server (`PUT /api/session/name`).
 * Anywhere nobody is known yet (sign-in, community pages) the children render without a name.
 */
export function NameGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const { pathname } = useLocation();
  const [asking, setAsking] = useState(false);
  const changeName = useCallback(() => setAsking(true), []);
  const { user, link, refresh } = session;

  const state = useMemo<DisplayNameState | null>(() => {
    if (user) return { name: user.name, changeName: null };
    // Marked as a guest's, as the server marks it for everyone else: what they write is signed the same way.
    if (link?.name) return { name: guestName(link.name), changeName };
    return null;
  }, [user, link?.name, changeName]);

  const needsName = !user && link !== null && (asking || !link.name) && !isPublicPath(pathname);
  if (needsName) {
    return (
      <NameForm
        initial={link?.name ?? ''}
        onSubmit={async (value) => {
          await setSessionName(value);
          await refresh();
          setAsking(false);
        }}
        onCancel={link?.name ? () => setAsking(false) : undefined}
      />
    );
  }
  // Always the same element, with or without a name, so signing in does not remount the page below.
  return <DisplayNameContext.Provider value={state}>{children}</DisplayNameContext.Provider>;
}

function NameForm({
  initial,
  onSubmit,
  onCancel,
}: {
  initial: string;
  onSubmit: (name: string) => Promise<void>;
  onCancel: (() => void) | undefined;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const headingId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) {
      setError('Enter your name');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(trimmed);
    } catch (caught) {
      setBusy(false);
      setError(validationErrors(caught).name ?? (caught instanceof ApiError ? caught.message : 'Your name could not be saved. Try again.'));
    }
  };

  return (
    <main id="main" className="name-gate">
      <div className="name-gate__card" role="dialog" aria-modal="true" aria-labelledby={headingId} data-testid="name-gate">
        <h1 id={headingId}>Welcome to Placeboard</h1>
        <p>Tell your partners who you are. Your name is shown next to your changes and in the list of people on a board.</p>
        <form onSubmit={submit} noValidate>
          <div className={error ? 'field field--error' : 'field'}>
            <label htmlFor={inputId}>Your name</label>
            {error && (
              <p id={errorId} className="field__error" role="alert">
                <span className="visually-hidden">Error:</span> {error}
              </p>
            )}
            <input
              id={inputId}
              name="name"
              type="text"
              autoComplete="name"
              maxLength={DISPLAY_NAME_MAX}
              autoFocus
              value={value}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => setValue(event.target.value)}
            />
          </div>
          <p className="hint">You opened a shared link, so you have no account here. Only this name is kept, with this visit.</p>
          <div className="button-row">
            <button type="submit" className="button" disabled={busy}>
              Continue
            </button>
            {onCancel && (
              <button type="button" className="button button--secondary" onClick={onCancel}>
                Cancel
              </button>
            )}
          </div>
        </form>
      </div>
    </main>
  );
}
