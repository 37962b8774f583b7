import type * as Y from 'yjs';
import { listLayers } from './map.js';

/**
 * Preset colours for layers and categories: distinct hues, each with at least 4.5:1 contrast against white, so
 * they read as points, outlines and text on the light basemap. The layers panel offers them and new layers
 * (drawn, added or imported) take the first one not yet used.
 */
export const LAYER_PALETTE: readonly { name: string; colour: string }[] = [
  { name: 'Blue', colour: '#005eb8' },
  { name: 'Green', colour: '#007f3b' },
  { name: 'Plum', colour: '#7c2855' },
  { name: 'Orange', colour: '#b35900' },
  { name: 'Purple', colour: '#330072' },
  { name: 'Red', colour: '#d5281b' },
  { name: 'Teal', colour: '#00666b' },
  { name: 'Dark grey', colour: '#425563' },
  { name: 'Pink', colour: '#ae2573' },
  { name: 'Navy', colour: '#003087' },
  { name: 'Olive', colour: '#5c6b00' },
  { name: 'Brown', colour: '#7a4a1e' },
];

/** The first palette colour no layer of the board uses yet; when all are taken, the palette repeats. */
export function nextLayerColour(doc: Y.Doc): string {
  const layers = listLayers(doc);
  const used = new Set(layers.flatMap((r) => (r.ok ? [r.value.style.colour.toLowerCase()] : [])));
  const free = LAYER_PALETTE.find(({ colour }) => !used.has(colour));
  return (free ?? LAYER_PALETTE[layers.length % LAYER_PALETTE.length]!).colour;
}
