import { useEffect, useId, useRef, type ReactNode } from 'react';
import './versions.css';

/** Props of {@link ModalDialog}. */
export interface ModalDialogProps {
  title: string;
  /** Called when the dialog is dismissed (Escape, Cancel) or done. */
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

/**
 * A modal dialog on the native `<dialog>`: it takes focus when it opens (its first field or button), keeps it
 * inside and closes on Escape; focus goes back to what opened it when it closes. Mount it to open it.
 */
export function ModalDialog({ title, onClose, children, testId }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="modal-dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
    >
      <h2 id={titleId} className="modal-dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
