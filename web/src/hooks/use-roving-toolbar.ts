import { useCallback, useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';

/** Keys that move focus within a (horizontal) toolbar, and where to: Up and Down are left to the page. */
const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_, count) => count - 1,
};

/**
 * The buttons of a toolbar that can take focus, in order: its own, the toolbar's children. A button further in (in a
 * hint under the tools, say) keeps its own place in the tab order.
 */
function itemsOf(toolbar: HTMLElement | null): HTMLButtonElement[] {
  return toolbar ? [...toolbar.querySelectorAll<HTMLButtonElement>(':scope > button:not(:disabled)')] : [];
}

/** What {@link useRovingToolbar} gives the toolbar element: spread it onto the element with `role="toolbar"`. */
export interface RovingToolbarProps<T extends HTMLElement> {
  ref: (element: T | null) => void;
  onKeyDown: (event: KeyboardEvent<T>) => void;
  onFocus: (event: FocusEvent<T>) => void;
}

/**
 * A row of buttons as one stop in the tab order (the WAI-ARIA toolbar pattern): Tab reaches the button last used (the
 * first, to begin with), the left and right arrow keys, Home and End move between the buttons, and Tab again leaves the row. A list of
 * rows, each with a few buttons (the map's layers), then takes one Tab per row rather than one per button. Disabled
 * buttons are passed over; when the one in the tab order becomes disabled, the first enabled one takes its place.
 */
export function useRovingToolbar<T extends HTMLElement>(): RovingToolbarProps<T> {
  const toolbar = useRef<T | null>(null);
  /** The button in the tab order: the last one focused. */
  const current = useRef<HTMLButtonElement | null>(null);

  const settle = useCallback((): void => {
    const items = itemsOf(toolbar.current);
    const stop = items.find((item) => item === current.current) ?? items[0] ?? null;
    current.current = stop;
    for (const button of toolbar.current?.querySelectorAll<HTMLButtonElement>(':scope > button') ?? []) button.tabIndex = button === stop ? 0 : -1;
  }, []);

  // After every render of the owner: buttons come and go, and are enabled and disabled, with its props.
  useLayoutEffect(settle);

  const ref = useCallback(
    (element: T | null): void => {
      toolbar.current = element;
      settle();
    },
    [settle],
  );

  const onFocus = useCallback(
    (event: FocusEvent<T>): void => {
      if (!(event.target instanceof HTMLButtonElement) || !itemsOf(toolbar.current).includes(event.target)) return;
      current.current = event.target;
      settle();
    },
    [settle],
  );

  const onKeyDown = useCallback((event: KeyboardEvent<T>): void => {
    const move = MOVES[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const items = itemsOf(toolbar.current);
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    event.preventDefault();
    items[move(index, items.length)]?.focus();
  }, []);

  return { ref, onKeyDown, onFocus };
}
