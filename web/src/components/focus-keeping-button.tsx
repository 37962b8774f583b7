import type { ButtonHTMLAttributes } from 'react';

interface FocusKeepingButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled' | 'type'> {
  /** True while pressing it can do nothing: it shows and is announced as unavailable, and a press is ignored. */
  unavailable: boolean;
}

/**
 * A button that its own press can make unavailable while it has the focus: Next on reaching the last slide, Undo with
 * nothing left to undo, Move up on reaching the top. A disabled button would drop the keyboard to the top of the
 * page; this one is aria-disabled instead, so the focus stays where the person is (as the WAI-ARIA practices advise
 * for toolbars).
 */
export function FocusKeepingButton({ unavailable, onClick, ...rest }: FocusKeepingButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      aria-disabled={unavailable}
      onClick={(event) => {
        if (!unavailable) onClick?.(event);
      }}
    />
  );
}
