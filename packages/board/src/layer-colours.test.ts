import { describe, expect, it } from 'vitest';
import {
  IMD_DECILE_RAMP,
  NO_DATA_COLOUR,
  categoryColourOf,
  featureFillColour,
  indicatorClassOf,
  indicatorClassStarts,
  layerLegend,
  type MapLayer,
} from './index.js';

const imd: Pick<MapLayer, 'kind' | 'style'> = {
  kind: 'indicator',
  style: {
    colour: '#ce1256',
    indicatorProperty: 'imd_decile',
    ramp: [...IMD_DECILE_RAMP],
    legend: { title: 'IMD 2019 decile', lowLabel: 'most deprived 10%', highLabel: 'least deprived 10%' },
  },
};

describe('indicator classes', () => {
  it('start each class after the first at 2, 3, 4…', () => {
    expect(indicatorClassStarts(['a', 'b', 'c', 'd'])).toEqual([2, 3, 4]);
    expect(indicatorClassStarts(['a'])).toEqual([]);
  });

  it('puts values in the class the web map steps them into', () => {
    expect([-3, 0, 1, 1.9, 2, 2.5, 3, 9.99, 10, 11, 200].map((v) => indicatorClassOf(v, 10))).toEqual([
      0, 0, 0, 0, 1, 1, 2, 8, 9, 9, 9,
    ]);
    expect(indicatorClassOf('3', 10)).toBeUndefined();
    expect(indicatorClassOf(undefined, 10)).toBeUndefined();
    expect(indicatorClassOf(Number.NaN, 10)).toBeUndefined();
    expect(indicatorClassOf(5, 1)).toBe(0);
  });

  it('colours an indicator layer by class, grey when there is no value', () => {
    expect(featureFillColour(imd, { imd_decile: 1 })).toBe(IMD_DECILE_RAMP[0]);
    expect(featureFillColour(imd, { imd_decile: 10 })).toBe(IMD_DECILE_RAMP[9]);
    expect(featureFillColour(imd, { imd_decile: 4 })).toBe(IMD_DECILE_RAMP[3]);
    expect(featureFillColour(imd, {})).toBe(NO_DATA_COLOUR);
    expect(featureFillColour({ ...imd, style: { colour: '#123456', indicatorProperty: 'x' } }, { x: 3 })).toBe('#123456');
  });
});

describe('category colours', () => {
  const layer: Pick<MapLayer, 'kind' | 'style'> = {
    kind: 'assets',
    style: { colour: '#425563', categoryProperty: 'type', categoryColours: { GP: '#005eb8', '2': '#007f3b' } },
  };
  it('uses the category colour, the layer colour for other values', () => {
    expect(categoryColourOf(layer, { type: 'GP' })).toBe('#005eb8');
    expect(categoryColourOf(layer, { type: 2 })).toBe('#007f3b');
    expect(categoryColourOf(layer, { type: 'Dentist' })).toBe('#425563');
    expect(categoryColourOf(layer, {})).toBe('#425563');
    expect(categoryColourOf(layer, { type: 'constructor' })).toBe('#425563');
    expect(featureFillColour(layer, { type: 'GP' })).toBe('#005eb8');
  });
});

describe('layerLegend', () => {
  it('labels indicator classes as the layers panel does, then no data', () => {
    const legend = layerLegend(imd);
    expect(legend?.title).toBe('IMD 2019 decile');
    expect(legend?.entries.map((e) => e.label)).toEqual([
      '1 (most deprived 10%)', '2', '3', '4', '5', '6', '7', '8', '9', '10 (least deprived 10%)', 'No data',
    ]);
    expect(legend?.entries.at(-1)?.colour).toBe(NO_DATA_COLOUR);
  });

  it('lists categories then Other, and nothing for a one-colour layer', () => {
    const legend = layerLegend({ kind: 'assets', style: { colour: '#425563', categoryProperty: 'type', categoryColours: { GP: '#005eb8' } } });
    expect(legend).toEqual({
      title: 'Colour by type',
      entries: [
        { colour: '#005eb8', label: 'GP' },
        { colour: '#425563', label: 'Other' },
      ],
    });
    expect(layerLegend({ kind: 'assets', style: { colour: '#425563' } })).toBeUndefined();
  });
});
