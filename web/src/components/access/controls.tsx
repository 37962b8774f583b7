import { useEffect, useId, useRef, useState, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ROLE_LABELS, type Role } from '@placeboard/board';
import { LabelledField } from '../auth/field';
import './access.css';

/** A partner of the board as the access pages offer it. */
export interface PartnerChoice {
  id: string;
  organisation: string;
}

/** The partner's name, or its id when the board doc does not (yet) say. */
export function partnerName(partners: readonly PartnerChoice[], id: string | null): string {
  if (!id) return 'None';
  return partners.find((p) => p.id === id)?.organisation ?? id;
}

/** A date (and time) for people in the UK; "" for none. */
export function formatWhen(at: number | null | undefined, withTime = false): string {
  if (at === null || at === undefined) return '';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('en-GB', withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
}

/** Props of {@link SelectField}. */
export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'id'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null | undefined;
  hint?: ReactNode;
  id?: string;
  children: ReactNode;
}

/** A labelled select with hint and linked error, like `TextField` (see {@link LabelledField}). */
export function SelectField({ label, value, onChange, error, hint, id, children, ...select }: SelectFieldProps) {
  return (
    <LabelledField
      label={label}
      error={error}
      hint={hint}
      id={id}
      render={(control) => (
        <select {...select} {...control} value={value} onChange={(event) => onChange(event.target.value)}>
          {children}
        </select>
      )}
    />
  );
}

/** `<option>`s for roles: the role's name and what it may do. */
export function RoleOptions({ roles }: { roles: readonly Role[] }) {
  return (
    <>
      {roles.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role].label} – {ROLE_LABELS[role].description}
        </option>
      ))}
    </>
  );
}

/** `<option>`s for partners, led by "No partner"; keeps a current id the board no longer has, shown as the id. */
export function PartnerOptions({ partners, current }: { partners: readonly PartnerChoice[]; current?: string | null }) {
  const unknown = current && !partners.some((p) => p.id === current) ? current : null;
  return (
    <>
      <option value="">No partner</option>
      {partners.map((p) => (
        <option key={p.id} value={p.id}>
          {p.organisation}
        </option>
      ))}
      {unknown && <option value={unknown}>{unknown}</option>}
    </>
  );
}

/** Copies text to the clipboard; falls back to a selected textarea where the Clipboard API is missing (plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A "Copy link" button that says (politely, and visibly) whether the copy worked. */
export function CopyButton({ text, label = 'Copy link', accessibleLabel }: { text: string; label?: string; accessibleLabel?: string }) {
  const [result, setResult] = useState<string>('');
  return (
    <span className="inline-confirm">
      <button
        type="button"
        className="button button--secondary button--small"
        aria-label={accessibleLabel}
        data-testid="copy-url"
        onClick={async () => setResult((await copyText(text)) ? 'Copied' : 'Could not copy: select the link and copy it yourself')}
      >
        {label}
      </button>
      <span role="status" className="hint">
        {result}
      </span>
    </span>
  );
}

/**
 * A link just created (an invitation or a share link), in a read-only field to select, with a Copy button. Takes
 * focus when it appears, so keyboard and screen-reader users land on it.
 */
export function CreatedUrl({ label, url, children }: { label: string; url: string; children?: ReactNode }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [url]);
  return (
    <div className="created-url" data-testid="created-url">
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children && <div className="hint">{children}</div>}
      <div className="created-url__row">
        <input ref={inputRef} id={id} type="text" readOnly value={url} data-testid="created-url-input" onFocus={(event) => event.target.select()} />
        <CopyButton text={url} />
      </div>
    </div>
  );
}

