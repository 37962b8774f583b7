import { useEffect, useId, useState, type FormEvent } from 'react';
import type { GovernanceEntry, GovernanceKind } from '@placeboard/board';
import { GOVERNANCE_FIELDS, type GovernanceField } from './fields';

/** Form values: text for inputs and selects, booleans for checkboxes. */
export type Draft = Record<string, string | boolean>;

/** A form's values from an entry (or, for a new one, each field's `initial` value or empty). */
export function draftOf(kind: GovernanceKind, entry?: GovernanceEntry): Draft {
  const draft: Draft = {};
  for (const field of GOVERNANCE_FIELDS[kind]) {
    const value = entry ? entry[field.key] : field.initial;
    if (field.input === 'checkbox') draft[field.key] = value === true;
    else draft[field.key] = value === undefined || value === null ? '' : String(value);
  }
  return draft;
}

/**
 * The entry's fields from a draft: text trimmed, ratings as numbers, and an empty value as `null` (cleared on
 * edit, left out on add). A field shown only when a box is ticked is cleared when it is not.
 */
export function fieldsOf(kind: GovernanceKind, draft: Draft): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const field of GOVERNANCE_FIELDS[kind]) {
    const value = draft[field.key];
    if (field.when && draft[field.when] !== true) out[field.key] = null;
    else if (field.input === 'checkbox') out[field.key] = value === true;
    else if (typeof value !== 'string' || value.trim() === '') out[field.key] = null;
    else if (field.input === 'rating') out[field.key] = Number(value);
    else out[field.key] = field.input === 'textarea' ? value : value.trim();
  }
  return out;
}

function problemsOf(kind: GovernanceKind, draft: Draft): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of GOVERNANCE_FIELDS[kind]) {
    if (!field.required) continue;
    if (field.when && draft[field.when] !== true) continue;
    const value = draft[field.key];
    if (typeof value !== 'string' || value.trim() === '') {
      problems[field.key] = field.when
        ? `Choose the ${field.label} that applies: this entry includes health data`
        : `${field.input === 'select' ? 'Choose' : 'Enter'} ${field.label.toLowerCase()}`;
    }
  }
  return problems;
}

/** The add and edit form of a governance entry, built from the kind's field list. */
export function EntryForm({
  kind,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  focusFirst = false,
  testId,
}: {
  kind: GovernanceKind;
  initial: Draft;
  submitLabel: string;
  /** Returns an error message when the change was refused, else nothing. */
  onSubmit: (draft: Draft) => string | void;
  onCancel?: () => void;
  /** Takes the keyboard to the first field when the form opens (editing an entry in place of its row). */
  focusFirst?: boolean;
  testId: string;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    const first = GOVERNANCE_FIELDS[kind][0];
    if (focusFirst && first) document.getElementById(`${id}-${first.key}`)?.focus();
  }, []); // Only as the form opens.

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found = problemsOf(kind, draft);
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const error = onSubmit(draft);
    if (error) setRefused(error);
    else {
      setRefused(null);
      if (!onCancel) setDraft(draftOf(kind));
    }
  };
  const set = (key: string, value: string | boolean) => setDraft((old) => ({ ...old, [key]: value }));

  const control = (field: GovernanceField) => {
    const inputId = `${id}-${field.key}`;
    const problem = problems[field.key];
    const describedBy = [field.hint ? `${inputId}-hint` : '', problem ? `${inputId}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id: inputId,
      'data-testid': `governance-field-${field.key}`,
      'aria-describedby': describedBy,
      'aria-invalid': problem ? true : undefined,
    };
    const value = draft[field.key];
    switch (field.input) {
      case 'checkbox':
        return <input type="checkbox" {...common} checked={value === true} onChange={(event) => set(field.key, event.target.checked)} />;
      case 'textarea':
        return <textarea {...common} rows={2} maxLength={field.maxLength} value={String(value ?? '')} onChange={(event) => set(field.key, event.target.value)} />;
      case 'date':
        return <input type="date" {...common} value={String(value ?? '')} onChange={(event) => set(field.key, event.target.value)} />;
      case 'rating':
        return (
          <select {...common} value={String(value ?? '')} onChange={(event) => set(field.key, event.target.value)}>
            <option value="">Not rated</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        );
      case 'select': {
        const known = field.options?.some((o) => o.id === value) ?? false;
        return (
          <select {...common} value={String(value ?? '')} onChange={(event) => set(field.key, event.target.value)}>
            <option value="">Choose…</option>
            {typeof value === 'string' && value !== '' && !known && <option value={value}>{value} (as recorded)</option>}
            {field.options?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        );
      }
      default:
        return <input type="text" {...common} maxLength={field.maxLength} value={String(value ?? '')} onChange={(event) => set(field.key, event.target.value)} />;
    }
  };

  return (
    <form className="add-form governance-form" onSubmit={submit} noValidate data-testid={testId} data-kind={kind}>
      {refused && (
        <p className="error-message" role="alert" data-testid="governance-form-error">
          {refused}
        </p>
      )}
      <div className="add-form__fields">
        {GOVERNANCE_FIELDS[kind].map((field) => {
          if (field.when && draft[field.when] !== true) return null;
          const problem = problems[field.key];
          const inputId = `${id}-${field.key}`;
          const wide = field.input === 'textarea' ? ' add-form__field--wide' : '';
          if (field.input === 'checkbox') {
            return (
              <div key={field.key} className={`field checkbox${wide}`}>
                {control(field)}
                <label htmlFor={inputId}>{field.label}</label>
                {field.hint && (
                  <span className="hint" id={`${inputId}-hint`}>
                    {field.hint}
                  </span>
                )}
              </div>
            );
          }
          return (
            <div key={field.key} className={`${problem ? 'field field--error' : 'field'}${wide}`}>
              <label htmlFor={inputId}>
                {field.label}
                {field.required ? '' : <span className="field__optional"> (optional)</span>}
              </label>
              {field.hint && (
                <p className="hint" id={`${inputId}-hint`}>
                  {field.hint}
                </p>
              )}
              {problem && (
                <p className="field__error" id={`${inputId}-error`}>
                  <span className="visually-hidden">Error:</span> {problem}
                </p>
              )}
              {control(field)}
            </div>
          );
        })}
      </div>
      <div className="button-row">
        <button type="submit" className="button" data-testid="governance-submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--secondary" data-testid="governance-cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
