/** Pan and zoom of the outcome canvas: screen = world × scale + offset. */
export interface CanvasView {
  x: number;
  y: number;
  scale: number;
}

/** A rectangle in canvas (world) coordinates. */
export interface CanvasRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Zoom limits of the outcome canvas. */
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 2.5;

/** The view when the canvas opens, and after "Reset zoom". */
export const INITIAL_VIEW: CanvasView = { x: 0, y: 0, scale: 1 };

/** Zooms `view` to `scale` keeping the screen point (`sx`, `sy`) fixed. */
export function zoomAround(view: CanvasView, scale: number, sx: number, sy: number): CanvasView {
  const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
  const wx = (sx - view.x) / view.scale;
  const wy = (sy - view.y) / view.scale;
  return { scale: next, x: sx - wx * next, y: sy - wy * next };
}

/** Converts a point on screen (relative to the canvas element) to canvas coordinates. */
export function toWorld(view: CanvasView, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - view.x) / view.scale, y: (sy - view.y) / view.scale };
}

function overlaps(a: CanvasRect, b: CanvasRect, gap: number): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/**
 * The first place, scanning the visible area row by row, where an item of `size` overlaps nothing;
 * the middle of the visible area if it is full.
 */
export function findFreeSpot(visible: CanvasRect, size: { w: number; h: number }, taken: readonly CanvasRect[]): { x: number; y: number } {
  const margin = 24;
  const step = 24;
  for (let y = visible.y + margin; y + size.h <= visible.y + visible.h - margin / 2; y += step) {
    for (let x = visible.x + margin; x + size.w <= visible.x + visible.w - margin / 2; x += step) {
      const candidate = { x, y, ...size };
      if (!taken.some((rect) => overlaps(candidate, rect, 8))) return { x: Math.round(x), y: Math.round(y) };
    }
  }
  return {
    x: Math.round(visible.x + (visible.w - size.w) / 2),
    y: Math.round(visible.y + (visible.h - size.h) / 2),
  };
}
