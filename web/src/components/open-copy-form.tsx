import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, apiUpload } from '../lib/api';
import { FormError, LabelledField, TextField, focusFirst } from './auth/field';

/**
 * "Open a saved copy": a board saved as a file (the copy a board page offers when the server refuses its edits, see
 * undone-copy-link.tsx, or `pnpm cli export`) uploaded to `POST /api/boards/from-copy`, which makes it a new board
 * the person owns. The board the copy came from is not changed.
 */
export function OpenCopyForm() {
  const navigate = useNavigate();
  const id = useId();
  const fileId = `${id}-file`;
  const formErrorId = `${id}-form-error`;
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  /** What the server said of the file: it is read only there. */
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setFormError(null);
    if (!file) {
      setFileError('Choose the saved copy to open');
      focusFirst([fileId]);
      return;
    }
    setBusy(true);
    setFileError(null);
    const form = new FormData();
    form.set('file', file);
    if (title.trim()) form.set('title', title.trim());
    try {
      const { id: boardId } = await apiUpload<{ id: string }>('/api/boards/from-copy', form);
      navigate(`/b/${encodeURIComponent(boardId)}`);
    } catch (caught) {
      setFormError(caught instanceof ApiError ? caught.message : 'Something went wrong. Try again.');
      focusFirst([formErrorId]);
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
        <LabelledField
          label="Saved copy"
          id={fileId}
          error={fileError}
          render={(control) => (
            <input
              {...control}
              type="file"
              // The type too: a phone may not know the .yjs ending, and would then grey the file out.
              accept=".yjs,application/octet-stream"
              data-testid="open-copy-file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        />
        <TextField
          label="Title of the new board (optional)"
          hint="Left empty, it is the copy’s own title with “(saved copy)” after it."
          maxLength={200}
          value={title}
          onChange={setTitle}
          data-testid="open-copy-title"
        />
        <FormError id={formErrorId} message={formError} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Opening…' : 'Open as a new board'}
        </button>
      </form>
    </section>
  );
}
