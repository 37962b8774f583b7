import { useId, useState, type FormEvent } from 'react';
import { ApiError, saveVersion, validationErrors, type BoardVersion } from '../../lib/api';
import { FormError, TextField, focusFirst } from '../auth/field';

/** Longest version name the form takes. */
const NAME_MAX = 200;
/** Longest note the form takes. */
const NOTE_MAX = 2000;

/** The "Save version" form: a name (required) and a note on why, saved as a version of the whole board. */
export function SaveVersionForm({ boardId, onSaved }: { boardId: string; onSaved: (version: BoardVersion) => void }) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ name?: string; note?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const nameId = useId();
  const noteId = useId();
  const noteHintId = useId();
  const noteErrorId = useId();
  const formErrorId = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setErrors({ name: 'Enter a name for the version, for example “Draft for the March board”.' });
      focusFirst([nameId]);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const version = await saveVersion(boardId, { name: trimmed, note: note.trim() });
      setName('');
      setNote('');
      onSaved(version);
    } catch (error) {
      const fields = validationErrors(error);
      const next = {
        ...(fields.name ? { name: fields.name } : {}),
        ...(fields.note ? { note: fields.note } : {}),
      };
      if (!next.name && !next.note) {
        setErrors({ form: error instanceof ApiError ? error.message : 'The version could not be saved.' });
        focusFirst([formErrorId]);
      } else {
        setErrors(next);
        focusFirst([next.name ? nameId : null, next.note ? noteId : null]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={headingId} className="versions-section card" data-testid="save-version">
      <h2 id={headingId}>Save a version</h2>
      <p className="hint">Keeps a copy of the whole board as it is now: map, purposes, outcomes, partners, governance and community knowledge.</p>
      <form noValidate onSubmit={submit} className="save-version-form">
        <TextField
          id={nameId}
          label="Version name"
          hint="For example “Draft for the March board”."
          value={name}
          onChange={setName}
          error={errors.name}
          maxLength={NAME_MAX}
          autoComplete="off"
          data-testid="version-name"
        />
        <div className={errors.note ? 'field field--error' : 'field'}>
          <label htmlFor={noteId}>Note (optional)</label>
          <p id={noteHintId} className="hint">
            What changed, or why you are saving it.
          </p>
          {errors.note && (
            <p id={noteErrorId} className="field__error">
              <span className="visually-hidden">Error:</span> {errors.note}
            </p>
          )}
          <textarea
            id={noteId}
            rows={3}
            maxLength={NOTE_MAX}
            value={note}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={[noteHintId, errors.note ? noteErrorId : null].filter(Boolean).join(' ')}
            onChange={(event) => setNote(event.target.value)}
            data-testid="version-note"
          />
        </div>
        <FormError id={formErrorId} message={errors.form ?? null} />
        <button type="submit" className="button" disabled={busy} data-testid="version-save">
          {busy ? 'Saving…' : 'Save version'}
        </button>
      </form>
    </section>
  );
}
