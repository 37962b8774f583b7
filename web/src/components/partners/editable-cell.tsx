import { useState, type KeyboardEvent } from 'react';

/**
 * A text input bound to a live value: while it has focus it keeps what the user types (a remote edit does not
 * snatch it away); it saves on blur or Enter, and Escape puts the stored value back.
 */
export function EditableText({
  value,
  label,
  onSave,
  required = false,
  maxLength,
  multiline = false,
  testId,
}: {
  value: string;
  label: string;
  onSave: (value: string) => void;
  required?: boolean;
  maxLength?: number;
  multiline?: boolean;
  testId?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? value;
  const invalid = required && draft !== null && draft.trim() === '';

  const save = (): void => {
    if (draft === null) return;
    const next = multiline ? draft : draft.trim();
    if (next !== value && !(required && next === '')) onSave(next);
    setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
      event.preventDefault();
      save();
      event.currentTarget.blur();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDraft(null);
    }
  };
  const common = {
    'aria-label': label,
    'aria-invalid': invalid ? true : undefined,
    'data-testid': testId,
    value: shown,
    maxLength,
    onFocus: () => setDraft(value),
    onBlur: save,
    onKeyDown,
    className: 'cell-input',
  };
  return multiline ? (
    <textarea {...common} rows={2} onChange={(event) => setDraft(event.target.value)} />
  ) : (
    <input type="text" {...common} onChange={(event) => setDraft(event.target.value)} />
  );
}
