import { useEffect, useRef, useState, type ReactNode } from 'react';

interface ConfirmButtonProps {
  /** What the button shows before it asks. */
  label: ReactNode;
  /** Its accessible name, when `label` is short or a symbol ("✕"). */
  accessibleLabel?: string;
  title?: string;
  /** Its look: a red-outlined small button unless given (an icon button, a link button). */
  className?: string;
  /** The question shown in its place ("Delete?"). */
  question: string;
  /** The question as read by a screen reader, when it should name more than is shown ("Delete Age UK?"). */
  accessibleQuestion?: string;
  /** The confirming button's text ("Yes, delete it"). */
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  /**
   * Where the keyboard goes once the change is made, when what was asked about has gone with it (a deleted row), or
   * the button has: otherwise it would drop to the top of the page. Without it, it goes back to the button.
   */
  focusAfter?: () => HTMLElement | null | undefined;
  /** Test ids: `testId` for the button, `${testId}-confirm` and `${testId}-cancel` for the answers. */
  testId?: string;
}

/**
 * A destructive button that asks first, in place: the question and the confirming and Cancel buttons replace it, the
 * keyboard moves to the confirming one, comes back to the button when cancelled (Cancel, or Escape), and goes to
 * `focusAfter` when done.
 */
export function ConfirmButton({ label, accessibleLabel, title, className, question, accessibleQuestion, confirmLabel, onConfirm, focusAfter, testId }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      openRef.current?.focus();
    }
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openRef}
        type="button"
        className={className ?? 'button button--secondary button--danger button--small'}
        aria-label={accessibleLabel}
        title={title}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  const cancel = (): void => {
    returnFocus.current = true;
    setAsking(false);
  };
  return (
    <span
      className="inline-confirm"
      role="group"
      aria-label={accessibleQuestion ?? question}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        cancel();
      }}
    >
      <span className="inline-confirm__question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="button button--danger button--small"
        disabled={busy}
        data-testid={testId ? `${testId}-confirm` : undefined}
        onClick={async () => {
          setBusy(true);
          let done = false;
          try {
            await onConfirm();
            done = true;
          } finally {
            setBusy(false);
            setAsking(false);
          }
          // After React has removed what was deleted; else back to the button, if it is still there.
          if (done) requestAnimationFrame(() => (focusAfter?.() ?? openRef.current)?.focus());
        }}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid={testId ? `${testId}-cancel` : undefined}
        onClick={cancel}
      >
        Cancel
      </button>
    </span>
  );
}
