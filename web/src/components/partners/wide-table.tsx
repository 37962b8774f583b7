import { useEffect, useRef, useState, type ReactNode } from 'react';
import './shared.css';

/** Which sides of a scrolling box have more content beyond them. */
interface Edges {
  left: boolean;
  right: boolean;
}

/** Scrolled less than this far from an end counts as at the end (zoom leaves fractions of a pixel). */
const SLACK_PX = 1;

/**
 * A table too wide for the page scrolls sideways in a box of its own (the page itself never does, WCAG 1.4.10), with
 * a shadow on each side that has more columns beyond it: without one, a register whose last columns (its status, its
 * Edit and Delete buttons) start past the edge reads as complete. The frame says which sides have more in
 * `data-more-left` and `data-more-right`, redone as the box scrolls and as the box or the table changes size.
 */
export function WideTable({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<Edges>({ left: false, right: false });

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const update = (): void => {
      const left = element.scrollLeft > SLACK_PX;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - SLACK_PX;
      setEdges((previous) => (previous.left === left && previous.right === right ? previous : { left, right }));
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resizes = new ResizeObserver(update);
    resizes.observe(element);
    for (const child of Array.from(element.children)) resizes.observe(child);
    return () => {
      element.removeEventListener('scroll', update);
      resizes.disconnect();
    };
  }, []);

  return (
    <div className="table-wide-frame" data-more-left={edges.left || undefined} data-more-right={edges.right || undefined}>
      <div className="table-wide" ref={box}>
        {children}
      </div>
    </div>
  );
}
