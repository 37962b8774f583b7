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
export const MIN_SCALE = 0.1;
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

/** True when two rectangles overlap (touching counts). */
export function rectsIntersect(a: CanvasRect, b: CanvasRect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/** The rectangle spanned by two corners, in any order. */
export function rectFromCorners(a: { x: number; y: number }, b: { x: number; y: number }): CanvasRect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/** The bounding box of some rectangles, or null for none. */
export function boundsOf(rects: readonly CanvasRect[]): CanvasRect | null {
  if (rects.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The view that shows all of `bounds` in a viewport of `width` × `height`, with a margin, centred. */
export function fitView(bounds: CanvasRect | null, width: number, height: number, margin = 40): CanvasView {
  if (!bounds || width <= 0 || height <= 0) return INITIAL_VIEW;
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.min((width - 2 * margin) / Math.max(bounds.w, 1), (height - 2 * margin) / Math.max(bounds.h, 1))));
  return { scale, x: width / 2 - (bounds.x + bounds.w / 2) * scale, y: height / 2 - (bounds.y + bounds.h / 2) * scale };
}
