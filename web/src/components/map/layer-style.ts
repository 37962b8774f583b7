import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { LAYER_PALETTE, NO_DATA_COLOUR, indicatorClassStarts, type MapLayer } from '@placeboard/board';

/** Colour for areas whose indicator value is missing (packages/board layer-colours.ts: the board pack uses it too). */
export { NO_DATA_COLOUR };

/** Id of the GeoJSON source that carries a board layer's features. */
export function sourceIdFor(layerId: string): string {
  return `layer-${layerId}`;
}

/** Fill colour of an indicator layer: `style.ramp` stepped over the values 1, 2, 3… of `style.indicatorProperty`. */
export function indicatorFillColour(layer: MapLayer): ExpressionSpecification | string {
  const { indicatorProperty, ramp, colour } = layer.style;
  if (!indicatorProperty || !ramp || ramp.length === 0) return colour;
  const value: ExpressionSpecification = ['to-number', ['get', indicatorProperty], 0];
  const stops: (number | string)[] = [];
  indicatorClassStarts(ramp).forEach((start, index) => stops.push(start, ramp[index + 1] as string));
  const stepped = (ramp.length === 1 ? ramp[0] : ['step', value, ramp[0], ...stops]) as ExpressionSpecification | string;
  return ['case', ['==', ['typeof', ['get', indicatorProperty]], 'number'], stepped, NO_DATA_COLOUR] as ExpressionSpecification;
}

/** The shared layer palette (packages/board), so imported, drawn and added layers pick from one set. */
export { LAYER_PALETTE };

/** Most categories given their own colour; the rest share the layer colour ("Other"). */
export const MAX_CATEGORIES = LAYER_PALETTE.length;

/**
 * Colours for the distinct values of a property, most common first, from the preset palette. Stored in the
 * layer style so every client draws and keys the same colours.
 */
export function categoryColoursFor(values: readonly unknown[]): Record<string, string> {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value === undefined || value === null || value === '') continue;
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_CATEGORIES);
  return Object.fromEntries(ranked.map(([key], i) => [key, LAYER_PALETTE[i % LAYER_PALETTE.length]!.colour]));
}

/** The colour of a layer's features: its colour, or a `match` on its category property when it has one. */
export function featureColour(layer: MapLayer): ExpressionSpecification | string {
  const { categoryProperty, categoryColours, colour } = layer.style;
  const entries = Object.entries(categoryColours ?? {});
  if (!categoryProperty || entries.length === 0) return colour;
  return ['match', ['to-string', ['get', categoryProperty]], ...entries.flat(), colour] as unknown as ExpressionSpecification;
}

/**
 * The MapLibre style layers that draw one board layer, bottom first. Ids are `pb-<layerId>-<type>`,
 * which browser tests rely on.
 */
export function styleLayersFor(layer: MapLayer): LayerSpecification[] {
  const source = sourceIdFor(layer.id);
  const prefix = `pb-${layer.id}`;
  const colour = featureColour(layer);
  switch (layer.kind) {
    case 'boundary':
      return [{ id: `${prefix}-line`, type: 'line', source, paint: { 'line-color': colour, 'line-width': 2.5 } }];
    case 'indicator':
      return [
        {
          id: `${prefix}-fill`,
          type: 'fill',
          source,
          paint: { 'fill-color': indicatorFillColour(layer), 'fill-opacity': 0.65, 'fill-outline-color': '#ffffff' },
        },
      ];
    case 'assets':
      return [
        {
          id: `${prefix}-circle`,
          type: 'circle',
          source,
          paint: {
            'circle-color': colour,
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 3.5, 14, 7],
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1.5,
          },
        },
      ];
    case 'areas':
      return [
        { id: `${prefix}-fill`, type: 'fill', source, paint: { 'fill-color': colour, 'fill-opacity': 0.25 } },
        { id: `${prefix}-line`, type: 'line', source, paint: { 'line-color': colour, 'line-width': 2 } },
      ];
    case 'drawing':
      // Free annotation mixes points, lines and polygons.
      return [
        { id: `${prefix}-fill`, type: 'fill', source, paint: { 'fill-color': colour, 'fill-opacity': 0.25 } },
        { id: `${prefix}-line`, type: 'line', source, paint: { 'line-color': colour, 'line-width': 2.5 } },
        {
          id: `${prefix}-circle`,
          type: 'circle',
          source,
          filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-color': colour, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        },
      ];
  }
}

/** What decides how a board layer is drawn; when it changes, the layer is rebuilt. */
export function layerSignature(layer: MapLayer): string {
  return JSON.stringify([layer.kind, layer.style, layer.attribution ?? '']);
}
