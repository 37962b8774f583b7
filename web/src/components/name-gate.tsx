import { useCallback, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { DisplayNameContext } from '../hooks/use-display-name';
import { DISPLAY_NAME_MAX, readDisplayName, writeDisplayName } from '../lib/display-name';

/**
 * Asks for a display name on the first visit and keeps it in localStorage (`placeboard.name`).
 * Renders its children, with the name in context, once a name is known. Real accounts come later.
 */
export function NameGate({ children }: { children: ReactNode }) {
  const [name, setName] = useState<string | null>(() => readDisplayName());
  const [asking, setAsking] = useState(name === null);
  const changeName = useCallback(() => setAsking(true), []);
  const state = useMemo(() => (name ? { name, changeName } : null), [name, changeName]);

  if (asking || !state) {
    return (
      <NameForm
        initial={name ?? ''}
        onSubmit={(value) => {
          writeDisplayName(value);
          setName(value);
          setAsking(false);
        }}
        onCancel={name ? () => setAsking(false) : undefined}
      />
    );
  }
  return <DisplayNameContext.Provider value={state}>{children}</DisplayNameContext.Provider>;
}

function NameForm({ initial, onSubmit, onCancel }: { initial: string; onSubmit: (name: string) => void; onCancel: (() => void) | undefined }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const headingId = useId();
  const errorId = useId();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) {
      setError('Enter your name');
      return;
    }
    onSubmit(trimmed);
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
          <p className="hint">Only your name is kept, in this browser. No other personal data is stored.</p>
          <div className="button-row">
            <button type="submit" className="button">
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
