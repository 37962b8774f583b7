import { useLayoutEffect, type RefObject } from 'react';

/** The smallest share of its font size a slide's text is shrunk to; below it the slide scrolls instead. */
export const MIN_FIT = 0.6;
/** Steps of the search for the largest size that fits: 2^-7 of the range, below a pixel on any slide. */
const SEARCH_STEPS = 7;

/**
 * Shrinks the text of `ref`'s element, as a slide program does, so that its content fits its box without scrolling:
 * the largest font size from {@link MIN_FIT} to 1 times its own at which nothing overflows (a table of many partners, a long
 * purpose). Fitted again when the box is resized and when the content changes (someone edits the board during the
 * presentation). With `enabled` false the element keeps its own size. Content that does not fit even at the
 * smallest size scrolls, as before. `base` is the element's own font size in its parent's ems (its stylesheet's),
 * which the shrinking starts from.
 */
export function useFitToBox(ref: RefObject<HTMLElement | null>, enabled: boolean, deps: readonly unknown[], base = 1): void {
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    if (!enabled) {
      element.style.fontSize = '';
      return undefined;
    }
    const overflows = (): boolean => element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1;
    const fit = (): void => {
      element.style.fontSize = '';
      if (!overflows()) return;
      let fits = MIN_FIT;
      let tooBig = 1;
      for (let step = 0; step < SEARCH_STEPS; step++) {
        const size = (fits + tooBig) / 2;
        element.style.fontSize = `${base * size}em`;
        if (overflows()) tooBig = size;
        else fits = size;
      }
      element.style.fontSize = `${base * fits}em`;
    };
    fit();
    // The box's own size changes with the window; the font size set here does not change it (a grid row holds it).
    const resized = new ResizeObserver(fit);
    resized.observe(element);
    const edited = new MutationObserver(fit);
    edited.observe(element, { childList: true, subtree: true, characterData: true });
    return () => {
      resized.disconnect();
      edited.disconnect();
      element.style.fontSize = '';
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, base, ...deps]);
}
