import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { MapLayer } from '@placeboard/board';

/** Colour for areas whose indicator value is missing. */
export const NO_DATA_COLOUR = '#d8dde0';

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
  ramp.slice(1).forEach((rampColour, index) => stops.push(index + 2, rampColour));
  const stepped = (ramp.length === 1 ? ramp[0] : ['step', value, ramp[0], ...stops]) as ExpressionSpecification | string;
  return ['case', ['==', ['typeof', ['get', indicatorProperty]], 'number'], stepped, NO_DATA_COLOUR] as ExpressionSpecification;
}

/**
 * The MapLibre style layers that draw one board layer, bottom first. Ids are `pb-<layerId>-<type>`,
 * which browser tests rely on.
 */
export function styleLayersFor(layer: MapLayer): LayerSpecification[] {
  const source = sourceIdFor(layer.id);
  const prefix = `pb-${layer.id}`;
  const { colour } = layer.style;
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
    case 'drawing':
      return [
        { id: `${prefix}-fill`, type: 'fill', source, paint: { 'fill-color': colour, 'fill-opacity': 0.25 } },
        { id: `${prefix}-line`, type: 'line', source, paint: { 'line-color': colour, 'line-width': 2 } },
      ];
  }
}

/** What decides how a board layer is drawn; when it changes, the layer is rebuilt. */
export function layerSignature(layer: MapLayer): string {
  return JSON.stringify([layer.kind, layer.style, layer.attribution ?? '']);
}
