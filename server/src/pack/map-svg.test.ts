import { IMD_DECILE_RAMP, NO_DATA_COLOUR, getMapView, type Geometry, type MapView } from '@placeboard/board';
import { geoPath } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import { mapFigureHtml, renderMapView, rewindForD3, viewExtent, viewProjection } from './map-svg.js';
import { buildTestBoard, squareAround } from './test-board.js';

const size = { width: 1024, height: 640 };

/** Sum of the areas of every closed sub-path of an SVG path made of M, L and Z commands (d3-geo's output). */
function pathArea(d: string): number {
  let total = 0;
  for (const sub of d.split(/(?=M)/)) {
    const points = [...sub.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    let twice = 0;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) twice += points[j]![0] * points[i]![1] - points[i]![0] * points[j]![1];
    total += Math.abs(twice) / 2;
  }
  return total;
}

function viewOf(board: ReturnType<typeof buildTestBoard>): MapView {
  const view = getMapView(board.doc, board.viewId);
  if (!view?.ok) throw new Error('no view');
  return view.value;
}

describe('viewExtent and viewProjection', () => {
  it('show 512·2^z pixels per world width, centred on the view', () => {
    const view = { center: [-2.3, 53.45] as [number, number], zoom: 12 };
    const extent = viewExtent(view, size);
    // 1024 pixels at zoom 12 are 1024 / (512·4096) of 360 degrees.
    expect(extent.east - extent.west).toBeCloseTo((1024 / (512 * 4096)) * 360, 10);
    expect((extent.east + extent.west) / 2).toBeCloseTo(-2.3, 10);
    expect(extent.north).toBeGreaterThan(53.45);
    expect(extent.south).toBeLessThan(53.45);
    const projection = viewProjection(view, size);
    const [x0, y0] = projection([extent.west, extent.north]) as [number, number];
    const [x1, y1] = projection([extent.east, extent.south]) as [number, number];
    expect([x0, y0, x1, y1].map((n) => Math.round(n * 1000) / 1000)).toEqual([0, 0, 1024, 640]);
    const [cx, cy] = projection(view.center) as [number, number];
    expect(cx).toBeCloseTo(512, 6);
    expect(cy).toBeCloseTo(320, 6);
    // One zoom level in, the same image shows half as much.
    const closer = viewExtent({ ...view, zoom: 13 }, size);
    expect(closer.east - closer.west).toBeCloseTo((extent.east - extent.west) / 2, 10);
  });

  it('still centres a world smaller than the image (zoom 0)', () => {
    const projection = viewProjection({ center: [0, 0], zoom: 0 }, size);
    expect(projection([0, 0])).toEqual([512, 320]);
    expect(projection.scale()).toBeCloseTo(512 / (2 * Math.PI), 10);
  });
});

describe('rewindForD3', () => {
  it('winds outer rings clockwise and holes counter-clockwise, whatever they came as', () => {
    const ccw = squareAround(0, 0);
    const outer = (g: Geometry) => (g.type === 'Polygon' ? g.coordinates : [])[0];
    const rewound = rewindForD3(ccw);
    expect(outer(rewound)).toEqual([...(outer(ccw) ?? [])].reverse());
    expect(rewindForD3(rewound)).toEqual(rewound); // already clockwise: kept
    const hole: [number, number][] = [[-0.001, -0.001], [-0.001, 0.001], [0.001, 0.001], [0.001, -0.001], [-0.001, -0.001]];
    const withHole = { type: 'Polygon', coordinates: [outer(ccw) ?? [], hole] } as Geometry;
    const fixed = rewindForD3(withHole);
    expect(fixed.type === 'Polygon' ? fixed.coordinates[1] : undefined).toEqual([...hole].reverse());
    expect(rewindForD3({ type: 'Point', coordinates: [1, 2] })).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('is what keeps a GeoJSON polygon from filling the whole map', () => {
    const projection = viewProjection({ center: [-2.3, 53.45], zoom: 14 }, size);
    const path = geoPath(projection);
    const square = squareAround(-2.3, 53.45);
    const frame = size.width * size.height;
    // As RFC 7946 winds it, d3 reads the square as the whole globe but the square: the frame fills.
    expect(pathArea(path(square as never) ?? '')).toBeGreaterThan(frame * 0.95);
    expect(pathArea(path(rewindForD3(square) as never) ?? '')).toBeLessThan(frame * 0.2);
  });
});

describe('renderMapView', () => {
  it('draws the visible layers in layer order, polygons small and filled, clipped to the frame', () => {
    const board = buildTestBoard();
    const image = renderMapView(board.doc, viewOf(board), size);
    expect(image.svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="[^"]+-title [^"]+-desc"/);
    expect(image.svg).toContain('<title id="map-');
    const groups = [...image.svg.matchAll(/<g class="map-layer" data-layer="([^"]+)">/g)].map((m) => m[1]);
    expect(groups).toEqual([board.layerIds.areas, board.layerIds.indicator, board.layerIds.assets]);
    expect(image.svg).not.toContain(board.layerIds.hidden);

    const areaPaths = [...image.svg.matchAll(/<path d="([^"]+)" fill="#005eb8"/g)].map((m) => m[1] as string);
    expect(areaPaths).toHaveLength(1);
    const area = pathArea(areaPaths[0] as string);
    // A 0.004° square at zoom 14 is about 190 pixels wide: a few percent of the frame, never the inverted world.
    expect(area).toBeGreaterThan(size.width * size.height * 0.02);
    expect(area).toBeLessThan(size.width * size.height * 0.2);
    // Every coordinate lies in the frame.
    for (const m of (areaPaths[0] as string).matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      expect(Number(m[1])).toBeLessThanOrEqual(size.width);
    }
  });

  it('colours indicator classes like the web map, checks colours, and draws only points in the frame', () => {
    const board = buildTestBoard();
    const image = renderMapView(board.doc, viewOf(board), size);
    expect(image.svg).toContain(`fill="${IMD_DECILE_RAMP[0]}" fill-opacity="0.65"`);
    expect(image.svg).toContain(`fill="${NO_DATA_COLOUR}" fill-opacity="0.65"`);
    const circles = [...image.svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" fill="(#[0-9a-f]+)"/g)];
    expect(circles).toHaveLength(1); // the point far away is outside the frame
    expect(circles[0]?.[3]).toBe('#7c2855'); // its category's colour
    expect(Number(circles[0]?.[1])).toBeCloseTo(512, 0);
    expect(image.svg).not.toContain('url(http');
  });

  it('has a key, credits without the basemap, and a description', () => {
    const board = buildTestBoard();
    const image = renderMapView(board.doc, viewOf(board), size);
    expect(image.key.map((item) => item.layer.name)).toEqual(['assets layer', 'indicator layer', 'areas layer']);
    expect(image.key.find((item) => item.layer.kind === 'assets')?.symbol).toBe('point');
    expect(image.key.find((item) => item.layer.kind === 'indicator')?.legend?.entries.map((e) => e.label)).toEqual([
      '1 (low label)',
      '2',
      '3 or more',
      'No data',
    ]);
    expect(image.credits.sources).toEqual(['areas layer: areas source', 'indicator layer: indicator source', 'assets layer: assets source']);
    expect(image.credits.attribution).toEqual(['areas attribution', 'board attribution']);
    expect(image.description).toContain('Map centred on 53.45°N 2.30°W');
    expect(image.description).toContain('assets layer (1 shown); indicator layer (2 shown); areas layer (1 shown)');
    const figure = mapFigureHtml(image);
    expect(figure).toMatch(/^<figure class="map-figure">/);
    expect(figure).toContain('<figcaption class="map-figure__caption"><span class="map-figure__name">view name.</span>');
    expect(figure).not.toContain('Basemap');
  });

  it('says when the view is turned or tilted, as it is drawn north-up and flat', () => {
    const board = buildTestBoard();
    const image = renderMapView(board.doc, { ...viewOf(board), bearing: 30, pitch: 45 }, size);
    expect(image.description).toContain('turned 30° and tilted 45°; here it is drawn north-up and flat');
  });
});
