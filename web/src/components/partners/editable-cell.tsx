import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

/**
 * A text input bound to a live value: while it has focus it keeps what the user types (a remote edit does not
 * snatch it away); it saves on blur or Enter, and Escape puts the stored value back.
 *
 * `multiline` takes line breaks (Shift + Enter). `wrap` is for a one-line value that may be long (an organisation's
 * name): it is shown whole, wrapped over as many lines as it needs, rather than cut off at the cell's edge; Enter
 * saves it and a line break pasted in becomes a space.
 */
export function EditableText({
  value,
  label,
  onSave,
  required = false,
  maxLength,
  multiline = false,
  wrap = false,
  testId,
}: {
  value: string;
  label: string;
  onSave: (value: string) => void;
  required?: boolean;
  maxLength?: number;
  multiline?: boolean;
  wrap?: boolean;
  testId?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? value;
  const invalid = required && draft !== null && draft.trim() === '';
  const wrapped = useRef<HTMLTextAreaElement>(null);
  useFitHeight(wrap ? wrapped : null, shown);

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
  if (multiline) return <textarea {...common} rows={2} onChange={(event) => setDraft(event.target.value)} />;
  if (wrap) {
    return (
      <textarea
        {...common}
        ref={wrapped}
        rows={1}
        className="cell-input cell-input--wrap"
        onChange={(event) => setDraft(event.target.value.replace(/[\r\n]+/g, ' '))}
      />
    );
  }
  return <input type="text" {...common} onChange={(event) => setDraft(event.target.value)} />;
}

/** Keeps a textarea as tall as its text, as the text changes and as its column narrows or widens. */
function useFitHeight(ref: RefObject<HTMLTextAreaElement | null> | null, text: string): void {
  useLayoutEffect(() => {
    const element = ref?.current;
    if (!element) return undefined;
    let width = -1;
    const fit = (): void => {
      width = element.clientWidth;
      element.style.height = 'auto';
      element.style.height = `${element.scrollHeight + element.offsetHeight - element.clientHeight}px`;
    };
    fit();
    // Only a change of width can re-wrap the text; the height set here must not set it off again.
    const observer = new ResizeObserver(() => {
      if (element.clientWidth !== width) fit();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, text]);
}
