import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, apiUpload } from '../lib/api';

/**
 * "Open a saved copy": a board saved as a file (the copy a board page offers when the server refuses its edits, see
 * undone-copy-link.tsx, or `pnpm cli export`) uploaded to `POST /api/boards/from-copy`, which makes it a new board
 * the person owns. The board the copy came from is not changed.
 */
export function OpenCopyForm() {
  const navigate = useNavigate();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!file) {
      setError('Choose the saved copy to open');
      return;
    }
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.set('file', file);
    if (title.trim()) form.set('title', title.trim());
    try {
      const { id: boardId } = await apiUpload<{ id: string }>('/api/boards/from-copy', form);
      navigate(`/b/${encodeURIComponent(boardId)}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong. Try again.');
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="card" data-testid="open-copy">
      <h2 id={`${id}-heading`}>Open a saved copy</h2>
      <p className="hint">
        A board saved as a file: the copy a board page offers when it could not save your changes (a <code>.yjs</code>{' '}
        file), or an export. It opens as a new board that you own, from which you can make the changes again on the board
        it came from. That board is not changed.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy} data-testid="open-copy-form">
        <div className={error ? 'field field--error' : 'field'}>
          <label htmlFor={`${id}-file`}>Saved copy</label>
          {error && (
            <p id={`${id}-error`} className="field__error" role="alert">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            id={`${id}-file`}
            type="file"
            // The type too: a phone may not know the .yjs ending, and would then grey the file out.
            accept=".yjs,application/octet-stream"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            data-testid="open-copy-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title of the new board (optional)</label>
          <p className="hint" id={`${id}-title-hint`}>
            Left empty, it is the copy’s own title with “(saved copy)” after it.
          </p>
          <input
            id={`${id}-title`}
            type="text"
            maxLength={200}
            value={title}
            aria-describedby={`${id}-title-hint`}
            data-testid="open-copy-title"
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Opening…' : 'Open as a new board'}
        </button>
      </form>
    </section>
  );
}
