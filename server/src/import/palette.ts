import { listLayers } from '@placeboard/board';
import type * as Y from 'yjs';

/**
 * Colours for new layers: distinct hues, each with at least 4.5:1 contrast against white, so they read as points,
 * outlines and text on the light basemap. The same colours, in the same order, as the web app's layer palette
 * (web/src/components/map/layer-style.ts), so a layer made by an import looks like one made in the layers panel.
 */
export const LAYER_PALETTE = [
  '#005eb8', '#007f3b', '#7c2855', '#b35900', '#330072', '#d5281b',
  '#00666b', '#425563', '#ae2573', '#003087', '#5c6b00', '#7a4a1e',
] as const;

/** The first palette colour no layer of the board uses yet; when all are taken, the palette repeats. */
export function pickLayerColour(doc: Y.Doc): string {
  const layers = listLayers(doc);
  const used = new Set(layers.flatMap((r) => (r.ok ? [r.value.style.colour.toLowerCase()] : [])));
  const free = LAYER_PALETTE.find((colour) => !used.has(colour));
  return free ?? LAYER_PALETTE[layers.length % LAYER_PALETTE.length]!;
}
