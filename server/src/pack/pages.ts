import { getBoardMeta, listCanvasItems, listPartners, type CanvasItem, type MapView } from '@placeboard/board';
import type * as Y from 'yjs';
import { renderFrameHtml } from './frame-html.js';
import { escapeHtml } from './html.js';
import { MAP_IMAGE_SIZE, mapFigureHtml, renderMapView } from './map-svg.js';
import { PACK_CSS } from './pack-css.js';
import { PACK_CONTENT_SECURITY_POLICY } from './render-pack.js';

/** Width in pixels of a map view's PNG: the map at full size (1024 pixels), its key and credits, and a margin. */
export const MAP_PNG_WIDTH = 1320;
/** Largest side of a frame's PNG; a larger frame is scaled down to fit. */
export const FRAME_PNG_MAX = 4000;
/** The element of {@link renderMapViewPage} that becomes the PNG. */
export const MAP_PNG_SELECTOR = '.map-figure';
/** The element of {@link renderFramePage} that becomes the PNG. */
export const FRAME_PNG_SELECTOR = '.frame-scaler';

function page(title: string, css: string, body: string): string {
  return (
    `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${PACK_CONTENT_SECURITY_POLICY}">` +
    `<title>${escapeHtml(title)}</title><style>${PACK_CSS}${css}</style></head><body><main>${body}</main></body></html>`
  );
}

/** A page holding one map view's figure (map, key, caption) at {@link MAP_PNG_WIDTH} pixels wide, to screenshot. */
export function renderMapViewPage(doc: Y.Doc, view: MapView): string {
  const image = renderMapView(doc, view, MAP_IMAGE_SIZE);
  const css =
    `main { max-width: none; padding: 0; } .map-figure { width: ${MAP_PNG_WIDTH}px; padding: 12px; background: #ffffff; } ` +
    `.map-figure { --map-width: ${image.size.width}px; }`;
  return page(`${view.name}: ${getBoardMeta(doc).title}`, css, mapFigureHtml(image));
}

/** A page holding one canvas frame and its items at full size (up to {@link FRAME_PNG_MAX}), without a border, to screenshot. */
export function renderFramePage(doc: Y.Doc, frame: CanvasItem): string {
  const items = listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value] : []));
  const partners = listPartners(doc).flatMap((r) => (r.ok ? [r.value] : []));
  const html = renderFrameHtml(frame, { items, partners, maxWidth: FRAME_PNG_MAX, maxHeight: FRAME_PNG_MAX });
  const css = 'main { max-width: none; padding: 0; } .frame-scaler { border: 0; }';
  return page(`${frame.text.trim() || 'Untitled frame'}: ${getBoardMeta(doc).title}`, css, html);
}
