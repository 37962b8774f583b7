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

/** What {@link LabelledField} hands the control it wraps: its id and the attributes that link it to hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * One labelled form control in the GOV.UK-like pattern the app already uses (see board-list's "Board title"): label,
 * hint, then the error (marked "Error:" for screen readers, and by a red bar and the text itself, never colour alone),
 * then the control `render` draws with the id and links it is given.
 */
export function LabelledField({
  label,
  error,
  hint,
  id,
  render,
}: {
  label: string;
  error?: string | null | undefined;
  hint?: ReactNode;
  id?: string | undefined;
  render: (control: FieldControlProps) => ReactNode;
}) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={controlId}>{label}</label>
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
      {render({ id: controlId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
    </div>
  );
}

/** One labelled input: see {@link LabelledField}. */
export function TextField({ label, value, onChange, error, hint, id, type = 'text', ...input }: TextFieldProps) {
  return (
    <LabelledField
      label={label}
      error={error}
      hint={hint}
      id={id}
      render={(control) => <input {...input} {...control} type={type} value={value} onChange={(event) => onChange(event.target.value)} />}
    />
  );
}

/** Shortest password the server accepts. */
export const PASSWORD_MIN = 10;

/** What is wrong with a new password and its confirmation, by field; empty when both are fine. */
export function newPasswordErrors(password: string, confirm: string): { password?: string; confirm?: string } {
  if (password.length < PASSWORD_MIN) return { password: `Enter a password of at least ${PASSWORD_MIN} characters` };
  if (confirm !== password) return { confirm: 'The passwords do not match' };
  return {};
}

/** The "Password" and "Confirm password" pair of a form that creates an account. */
export function NewPasswordFields(props: {
  ids: { password: string; confirm: string };
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  errors: { password?: string | undefined; confirm?: string | undefined };
}) {
  return (
    <>
      <TextField
        id={props.ids.password}
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters.`}
        value={props.password}
        onChange={props.onPassword}
        error={props.errors.password}
      />
      <TextField
        id={props.ids.confirm}
        label="Confirm password"
        type="password"
        name="confirm"
        autoComplete="new-password"
        value={props.confirm}
        onChange={props.onConfirm}
        error={props.errors.confirm}
      />
    </>
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
