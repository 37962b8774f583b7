import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import './auth.css';

/** Props of {@link TextField}: an input's own attributes plus its label, hint and error. */
export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  /** Visible label; also the input's accessible name. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The error shown above the input and linked to it (aria-describedby, aria-invalid); none when null. */
  error?: string | null | undefined;
  /** A hint under the label, linked to the input. */
  hint?: ReactNode;
  /** Id of the input, so a form can move focus to its first invalid field. @default a generated id */
  id?: string;
}

/**
 * One labelled input in the GOV.UK-like pattern the app already uses (see board-list's "Board title"): label, hint,
 * then the error (marked "Error:" for screen readers, and by a red bar and the text itself, never colour alone).
 */
export function TextField({ label, value, onChange, error, hint, id, type = 'text', ...input }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <input
        {...input}
        id={inputId}
        type={type}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/**
 * What went wrong with a whole form (an answer from the server that names no field), shown above the form's
 * buttons and read out at once (role="alert").
 */
export function FormError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="error-message form-error" role="alert" data-testid="form-error">
      <span className="visually-hidden">Error:</span> {message}
    </p>
  );
}

/** Moves focus to the first of `ids` whose element exists (the first invalid field after a failed submit). */
export function focusFirst(ids: readonly (string | false | null | undefined)[]): void {
  for (const id of ids) {
    if (!id) continue;
    const element = document.getElementById(id);
    if (element) {
      element.focus();
      return;
    }
  }
}
