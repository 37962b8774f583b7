import { useEffect, useId, useRef, useState } from 'react';

/** Link schemes a purpose may link to. Anything else (javascript:, data:, file:...) is refused. */
const ALLOWED_PROTOCOLS = ['http:', 'https:', 'mailto:'] as const;

/**
 * Checks a link typed by a person. A bare address ("nhs.uk/services") gets https:// in front; an email
 * address gets mailto:. Returns the link to store, or the reason it cannot be used.
 */
export function checkLink(input: string): { ok: true; href: string } | { ok: false; error: string } {
  let value = input.trim();
  if (value === '') return { ok: false, error: 'Enter a web address or an email address.' };
  if (/^[^\s@:/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) value = `mailto:${value}`;
  else if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) value = `https://${value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: 'This is not a valid web address. Check it and try again.' };
  }
  if (!(ALLOWED_PROTOCOLS as readonly string[]).includes(url.protocol)) {
    return { ok: false, error: 'Links must start with http://, https:// or mailto:.' };
  }
  if (url.protocol !== 'mailto:' && !url.hostname.includes('.') && url.hostname !== 'localhost') {
    return { ok: false, error: 'This web address has no domain, such as .nhs.uk or .gov.uk.' };
  }
  if (url.protocol === 'mailto:' && !/^[^\s@]+@[^\s@]+$/.test(decodeURIComponent(url.pathname))) {
    return { ok: false, error: 'This email address is not valid.' };
  }
  return { ok: true, href: url.href };
}

interface LinkDialogProps {
  /** The link at the cursor, when editing an existing one. */
  initialHref: string;
  onApply: (href: string) => void;
  onRemove: () => void;
  onClose: () => void;
}

/**
 * A modal dialog to add, change or remove a link. Uses the native <dialog>: focus moves into it, stays
 * there and Escape closes it; the caller puts focus back in the editor.
 */
export function LinkDialog({ initialHref, onApply, onRemove, onClose }: LinkDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(initialHref);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = (): void => {
    const checked = checkLink(value);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    onApply(checked.href);
  };

  return (
    <dialog
      ref={ref}
      className="link-dialog"
      aria-labelledby={titleId}
      data-testid="link-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h3 id={titleId}>{initialHref ? 'Change link' : 'Add link'}</h3>
        <div className={error ? 'field field--error' : 'field'}>
          <label htmlFor={inputId}>Web address or email</label>
          <p className="hint">For example https://www.nhs.uk or someone@nhs.net</p>
          {error && (
            <p id={errorId} className="field__error" role="alert" data-testid="link-error">
              {error}
            </p>
          )}
          <input
            id={inputId}
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            value={value}
            aria-invalid={error ? 'true' : 'false'}
            aria-describedby={error ? errorId : undefined}
            data-testid="link-url"
            onChange={(event) => {
              setValue(event.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button" data-testid="link-apply">
            Save link
          </button>
          {initialHref && (
            <button type="button" className="button button--secondary" data-testid="link-remove" onClick={onRemove}>
              Remove link
            </button>
          )}
          <button type="button" className="link-button" data-testid="link-cancel" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
