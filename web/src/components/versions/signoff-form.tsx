import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, signOffVersion, validationErrors, type SignoffEntry, type SignoffState } from '../../lib/api';
import { FormError, focusFirst } from '../auth/field';

/** Props of {@link SignoffForm}. */
export interface SignoffFormProps {
  boardId: string;
  version: number;
  /** The partner this person speaks for, as the page names it. */
  organisation: string;
  /** Their partner's sign-off so far, if any: the form starts from it. */
  current: SignoffEntry | undefined;
  onDone: (state: SignoffState) => void;
  onCancel: () => void;
}

/**
 * A partner's sign-off of a version put forward for agreement: "Agree", or "Raise concerns" with a comment saying
 * what they are (required). Only someone who speaks for a partner sees it; the server checks it too.
 */
export function SignoffForm({ boardId, version, organisation, current, onDone, onCancel }: SignoffFormProps) {
  const [state, setState] = useState<SignoffState | ''>(current?.state ?? '');
  const [comment, setComment] = useState(current?.comment ?? '');
  const [errors, setErrors] = useState<{ state?: string; comment?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const base = useId();
  const ids = {
    legend: `${base}-legend`,
    agree: `${base}-agree`,
    concerns: `${base}-concerns`,
    stateError: `${base}-state-error`,
    comment: `${base}-comment`,
    commentHint: `${base}-comment-hint`,
    commentError: `${base}-comment-error`,
    form: `${base}-form-error`,
  };
  // Opened in place of the Sign off button, the form takes the keyboard: its answer so far, else the first.
  useEffect(() => {
    focusFirst([current?.state === 'concerns' ? ids.concerns : ids.agree]);
  }, []); // Only as the form opens.

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!state) next.state = 'Choose whether your organisation agrees or has concerns.';
    if (state === 'concerns' && !comment.trim()) next.comment = 'Say what your concerns are, so the partnership can respond to them.';
    if (next.state || next.comment) {
      setErrors(next);
      focusFirst([next.state ? ids.agree : null, next.comment ? ids.comment : null]);
      return;
    }
    if (!state) return;
    setBusy(true);
    setErrors({});
    try {
      await signOffVersion(boardId, version, { state, comment: comment.trim() });
      onDone(state);
    } catch (error) {
      const fields = validationErrors(error);
      if (fields.comment) {
        setErrors({ comment: fields.comment });
        focusFirst([ids.comment]);
      } else {
        setErrors({ form: error instanceof ApiError ? error.message : 'Your sign-off could not be recorded.' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="signoff-form" data-testid="signoff-form">
      <fieldset className={errors.state ? 'field field--error' : 'field'} aria-describedby={errors.state ? ids.stateError : undefined}>
        <legend id={ids.legend} className="label">
          Sign off version {version} for {organisation}
        </legend>
        {errors.state && (
          <p id={ids.stateError} className="field__error">
            <span className="visually-hidden">Error:</span> {errors.state}
          </p>
        )}
        <div className="radio">
          <input
            id={ids.agree}
            type="radio"
            name={`${base}-state`}
            value="agreed"
            checked={state === 'agreed'}
            onChange={() => setState('agreed')}
            data-testid="signoff-agree"
          />
          <label htmlFor={ids.agree}>Agree</label>
        </div>
        <div className="radio">
          <input
            id={ids.concerns}
            type="radio"
            name={`${base}-state`}
            value="concerns"
            checked={state === 'concerns'}
            onChange={() => setState('concerns')}
            data-testid="signoff-concerns"
          />
          <label htmlFor={ids.concerns}>Raise concerns</label>
        </div>
      </fieldset>
      <div className={errors.comment ? 'field field--error' : 'field'}>
        <label htmlFor={ids.comment}>Comment{state === 'concerns' ? '' : ' (optional)'}</label>
        <p id={ids.commentHint} className="hint">
          {state === 'concerns' ? 'Required: what your concerns are.' : 'Needed if you raise concerns.'}
        </p>
        {errors.comment && (
          <p id={ids.commentError} className="field__error">
            <span className="visually-hidden">Error:</span> {errors.comment}
          </p>
        )}
        <textarea
          id={ids.comment}
          rows={3}
          maxLength={2000}
          value={comment}
          required={state === 'concerns'}
          aria-invalid={errors.comment ? true : undefined}
          aria-describedby={[ids.commentHint, errors.comment ? ids.commentError : null].filter(Boolean).join(' ')}
          onChange={(event) => setComment(event.target.value)}
          data-testid="signoff-comment"
        />
      </div>
      <FormError id={ids.form} message={errors.form ?? null} />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy} data-testid="signoff-submit">
          {busy ? 'Recording…' : 'Record sign-off'}
        </button>
        <button type="button" className="link-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
