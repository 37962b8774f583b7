import type { MapLayer } from './records/layer.js';

/**
 * How a layer's features are coloured, as plain functions: the web map turns the same rules into MapLibre
 * expressions (web/src/components/map/layer-style.ts) and the board pack draws with them, so a map reads the same
 * on screen and on paper.
 */

/** Colour for areas whose indicator value is missing. */
export const NO_DATA_COLOUR = '#d8dde0';

/**
 * The lowest value of each class of an indicator ramp after the first: `ramp[i]` colours values from `starts[i-1]`
 * up to the next start, and `ramp[0]` everything below 2. Classes are the whole values 1, 2, 3… (deciles, quintiles),
 * the last one open-ended.
 */
export function indicatorClassStarts(ramp: readonly string[]): number[] {
  return ramp.slice(1).map((_, index) => index + 2);
}

/** The index in a ramp of `rampLength` colours of the class `value` falls in, or undefined when it is not a number (no data). */
export function indicatorClassOf(value: unknown, rampLength: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || rampLength <= 0) return undefined;
  const starts = indicatorClassStarts(new Array<string>(rampLength).fill(''));
  let index = 0;
  for (const [i, start] of starts.entries()) if (value >= start) index = i + 1;
  return index;
}

/** A feature's colour before indicator classes: its category's colour when the layer is coloured by category, else the layer's. */
export function categoryColourOf(layer: Pick<MapLayer, 'style'>, properties: Readonly<Record<string, unknown>>): string {
  const { categoryProperty, categoryColours, colour } = layer.style;
  if (!categoryProperty || !categoryColours) return colour;
  const value = properties[categoryProperty];
  const key = value === undefined || value === null ? '' : String(value);
  return Object.hasOwn(categoryColours, key) ? (categoryColours[key] as string) : colour;
}

/**
 * The fill of a feature as the web map draws it: an indicator layer with a ramp colours by class (grey for no data);
 * every other layer by category or its own colour.
 */
export function featureFillColour(layer: Pick<MapLayer, 'kind' | 'style'>, properties: Readonly<Record<string, unknown>>): string {
  const { indicatorProperty, ramp } = layer.style;
  if (layer.kind === 'indicator' && indicatorProperty && ramp && ramp.length > 0) {
    const index = indicatorClassOf(properties[indicatorProperty], ramp.length);
    return index === undefined ? NO_DATA_COLOUR : (ramp[index] as string);
  }
  return categoryColourOf(layer, properties);
}

/** One line of a layer's key: a colour and what it stands for. */
export interface LegendEntry {
  colour: string;
  label: string;
}

/** The key of a layer as the layers panel shows it: a title and its classes or categories (none for a one-colour layer). */
export interface LayerLegend {
  title: string;
  entries: LegendEntry[];
}

/**
 * The key to a layer's colours: for an indicator layer one entry per class, lowest first, then "No data"; for a
 * layer coloured by category one per category, then "Other"; undefined for a layer drawn in one colour.
 */
export function layerLegend(layer: Pick<MapLayer, 'kind' | 'style'>): LayerLegend | undefined {
  const { style } = layer;
  const ramp = style.ramp ?? [];
  if (layer.kind === 'indicator' && style.indicatorProperty && ramp.length > 0) {
    const legend = style.legend ?? {};
    const labelOf = (index: number): string => {
      const value = index === ramp.length - 1 && ramp.length > 1 ? `${index + 1} or more` : String(index + 1);
      if (index === 0 && legend.lowLabel) return `${value} (${legend.lowLabel})`;
      if (index === ramp.length - 1 && legend.highLabel) return `${index + 1} (${legend.highLabel})`;
      return value;
    };
    return {
      title: legend.title ?? `Colour by ${style.indicatorProperty}`,
      entries: [...ramp.map((colour, index) => ({ colour, label: labelOf(index) })), { colour: NO_DATA_COLOUR, label: 'No data' }],
    };
  }
  const categories = Object.entries(style.categoryColours ?? {});
  if (style.categoryProperty && categories.length > 0) {
    return {
      title: `Colour by ${style.categoryProperty}`,
      entries: [...categories.map(([label, colour]) => ({ colour, label })), { colour: style.colour, label: 'Other' }],
    };
  }
  return undefined;
}
