import {
  dedupeCredits,
  getBoardMeta,
  isBasemapCredit,
  featureFillColour,
  layerLegend,
  listFeatures,
  listLayers,
  type Geometry,
  type LegendEntry,
  type MapFeature,
  type MapLayer,
  type MapView,
} from '@placeboard/board';
import { geoMercator, geoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo';
import type * as Y from 'yjs';
import { escapeHtml, safeColour } from './html.js';

/** Size in CSS pixels of a map image. */
export interface MapImageSize {
  width: number;
  height: number;
}

/**
 * The size map views are drawn at: a typical map pane on a laptop screen, so a saved view shows about what its
 * author saw. The pack scales the picture down to fit the page; the PNG keeps this size.
 */
export const MAP_IMAGE_SIZE: MapImageSize = { width: 1024, height: 640 };

/** The web Mercator world is this many pixels wide at zoom 0 (MapLibre's 512-pixel tiles). */
const TILE_SIZE = 512;
/** Web Mercator stops short of the poles. */
const MAX_LATITUDE = 85.0511287798066;
/** Circumference of the earth at the equator in metres (the WGS84 sphere web Mercator uses). */
const EARTH_CIRCUMFERENCE = 40_075_016.686;

/** West, south, east and north edges (degrees) of what a map view shows in an image of a given size. */
export interface ViewExtent {
  west: number;
  south: number;
  east: number;
  north: number;
}

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/**
 * What a view shows in an image of `size` pixels, worked out as web Mercator does: at zoom z the world is 512·2^z
 * pixels wide, the centre sits in the middle of the image, and the edges are half the image away from it.
 * West and east may pass ±180° at very low zoom (the world repeats).
 */
export function viewExtent(view: Pick<MapView, 'center' | 'zoom'>, size: MapImageSize): ViewExtent {
  const world = TILE_SIZE * 2 ** view.zoom;
  const [lng, lat] = view.center;
  const clampedLat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const cx = ((lng + 180) / 360) * world;
  const cy = ((1 - Math.log(Math.tan(Math.PI / 4 + toRadians(clampedLat) / 2)) / Math.PI) / 2) * world;
  const lngOf = (x: number) => (x / world) * 360 - 180;
  const latOf = (y: number) => toDegrees(2 * Math.atan(Math.exp(Math.PI * (1 - (2 * y) / world))) - Math.PI / 2);
  return {
    west: lngOf(cx - size.width / 2),
    east: lngOf(cx + size.width / 2),
    north: Math.min(MAX_LATITUDE, latOf(cy - size.height / 2)),
    south: Math.max(-MAX_LATITUDE, latOf(cy + size.height / 2)),
  };
}

/**
 * A d3 Mercator projection fitted to the view's extent (see {@link viewExtent}) in an image of `size`, clipped to the
 * image. Fitting the extent's corners gives the scale web Mercator has at that zoom, 512·2^z / 2π; when the extent
 * is wider than the world (zoom below 1 in a wide image) that scale is set directly.
 */
export function viewProjection(view: Pick<MapView, 'center' | 'zoom'>, size: MapImageSize): GeoProjection {
  const extent = viewExtent(view, size);
  const projection = geoMercator().precision(0.2);
  const world = TILE_SIZE * 2 ** view.zoom;
  if (world > size.width && world > size.height && extent.north < MAX_LATITUDE && extent.south > -MAX_LATITUDE) {
    projection.fitExtent(
      [
        [0, 0],
        [size.width, size.height],
      ],
      { type: 'MultiPoint', coordinates: [[extent.west, extent.south], [extent.east, extent.north]] },
    );
  } else {
    projection.scale(world / (2 * Math.PI)).center(view.center).translate([size.width / 2, size.height / 2]);
  }
  return projection.clipExtent([
    [0, 0],
    [size.width, size.height],
  ]);
}

/** Twice the signed area of a ring in the longitude/latitude plane: positive when it runs counter-clockwise. */
function ringArea(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1 = 0, y1 = 0] = ring[j] ?? [];
    const [x2 = 0, y2 = 0] = ring[i] ?? [];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function rewindPolygon(rings: readonly (readonly number[][])[]): number[][][] {
  return rings.map((ring, index) => {
    const area = ringArea(ring);
    // d3 reads rings on the sphere: outer rings clockwise, holes counter-clockwise (the opposite of RFC 7946).
    const wrong = index === 0 ? area > 0 : area < 0;
    return wrong ? [...ring].reverse() : [...ring];
  });
}

/**
 * A geometry with its polygon rings wound the way d3-geo wants them. GeoJSON (RFC 7946) winds outer rings
 * counter-clockwise; d3 takes a counter-clockwise ring as everything on the globe *except* its inside, which fills
 * the whole map. Files in the wild use either winding, so each ring is checked rather than simply reversed.
 */
export function rewindForD3(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case 'Polygon':
      return { type: 'Polygon', coordinates: rewindPolygon(geometry.coordinates) as typeof geometry.coordinates };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => rewindPolygon(p)) as typeof geometry.coordinates };
    default:
      return geometry;
  }
}

/** How a layer of each kind is drawn, following the web map's style layers (web/src/components/map/layer-style.ts). */
interface DrawStyle {
  fillOpacity: number;
  /** Outline colour; undefined: the feature's colour. */
  stroke?: string;
  strokeWidth: number;
  /** Whether polygons are filled at all. */
  fill: boolean;
  pointRadius: number;
}

function drawStyleOf(layer: MapLayer, zoom: number): DrawStyle {
  switch (layer.kind) {
    case 'boundary':
      return { fill: false, fillOpacity: 0, strokeWidth: 2.5, pointRadius: 5 };
    case 'indicator':
      return { fill: true, fillOpacity: 0.65, stroke: '#ffffff', strokeWidth: 0.6, pointRadius: 5 };
    case 'assets': {
      // The web map grows asset circles from 3.5 px at zoom 9 to 7 px at zoom 14.
      const t = Math.max(0, Math.min(1, (zoom - 9) / 5));
      return { fill: true, fillOpacity: 0.25, strokeWidth: 2, pointRadius: 3.5 + t * 3.5 };
    }
    case 'areas':
      return { fill: true, fillOpacity: 0.25, strokeWidth: 2, pointRadius: 5 };
    case 'drawing':
      return { fill: true, fillOpacity: 0.25, strokeWidth: 2.5, pointRadius: 6 };
  }
}

/** One layer in a map's key. */
export interface MapKeyItem {
  layer: MapLayer;
  /** How its features look: a line, a dot or a filled shape. */
  symbol: 'line' | 'point' | 'fill';
  /** Its classes or categories, when it has them. */
  legend?: { title: string; entries: LegendEntry[] };
  /** How many of its features are in the picture. */
  featuresShown: number;
}

/** A map view drawn as SVG, with what a reader needs beside it. */
export interface MapViewImage {
  view: MapView;
  size: MapImageSize;
  extent: ViewExtent;
  /** The `<svg>` element (role="img", with a title and a description). */
  svg: string;
  /** The layers drawn, top first, as the key lists them. */
  key: MapKeyItem[];
  /** Credits for the data drawn. */
  credits: MapCredits;
  /** One or two sentences saying what the map shows, for its text alternative. */
  description: string;
}

function formatCoordinate(value: number, positive: string, negative: string): string {
  return `${Math.abs(value).toFixed(2)}°${value >= 0 ? positive : negative}`;
}

function formatDistance(metres: number): string {
  if (metres >= 1000) return `${Number((metres / 1000).toPrecision(3))} km`;
  return `${Math.round(metres)} m`;
}

/** A scale bar of a round length at most `maxPx` long, at the view's centre latitude. */
function scaleBar(view: MapView, size: MapImageSize, maxPx = 140): string {
  const metresPerPixel = (EARTH_CIRCUMFERENCE * Math.cos(toRadians(view.center[1]))) / (TILE_SIZE * 2 ** view.zoom);
  const maxMetres = metresPerPixel * maxPx;
  const magnitude = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((m) => m * magnitude).find((m) => m <= maxMetres) ?? magnitude;
  const px = metres / metresPerPixel;
  const x = 16;
  const y = size.height - 18;
  return (
    `<g class="map-scale" aria-hidden="true">` +
    `<rect x="${x - 6}" y="${y - 20}" width="${(px + 12).toFixed(1)}" height="30" fill="#ffffff" fill-opacity="0.85" rx="3"/>` +
    `<path d="M${x},${y - 6}v6h${px.toFixed(1)}v-6" fill="none" stroke="#212b32" stroke-width="2"/>` +
    `<text x="${x}" y="${y - 9}" font-size="12" fill="#212b32">${escapeHtml(formatDistance(metres))}</text></g>`
  );
}

function northArrow(size: MapImageSize): string {
  const x = size.width - 30;
  return (
    `<g class="map-north" aria-hidden="true"><rect x="${x - 14}" y="8" width="28" height="40" rx="3" fill="#ffffff" fill-opacity="0.85"/>` +
    `<path d="M${x},14l7,16h-14z" fill="#212b32"/><text x="${x}" y="44" font-size="12" font-weight="700" text-anchor="middle" fill="#212b32">N</text></g>`
  );
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** The SVG of one feature, or '' when none of it is in the picture. */
function featureSvg(feature: MapFeature, layer: MapLayer, style: DrawStyle, path: ReturnType<typeof geoPath>, projection: GeoProjection, size: MapImageSize): string {
  const colour = safeColour(featureFillColour(layer, feature.properties));
  const geometry = rewindForD3(feature.geometry);
  const points: number[][] =
    geometry.type === 'Point' ? [geometry.coordinates] : geometry.type === 'MultiPoint' ? geometry.coordinates : [];
  if (points.length > 0) {
    const r = style.pointRadius;
    return points
      .map((p) => projection([p[0] as number, p[1] as number]))
      .filter((xy): xy is [number, number] => xy !== null && xy[0] >= -r && xy[0] <= size.width + r && xy[1] >= -r && xy[1] <= size.height + r)
      .map(([x, y]) => `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${fmt(r)}" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`)
      .join('');
  }
  const d = path(geometry as GeoPermissibleObjects);
  if (!d) return '';
  const isLine = geometry.type === 'LineString' || geometry.type === 'MultiLineString';
  if (isLine || !style.fill) {
    return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${style.strokeWidth}" stroke-linejoin="round" stroke-linecap="round"/>`;
  }
  const stroke = style.stroke ?? colour;
  return `<path d="${d}" fill="${colour}" fill-opacity="${style.fillOpacity}" fill-rule="evenodd" stroke="${stroke}" stroke-width="${style.strokeWidth}" stroke-linejoin="round"/>`;
}

function symbolOf(layer: MapLayer, features: readonly MapFeature[]): MapKeyItem['symbol'] {
  if (layer.kind === 'boundary') return 'line';
  const types = new Set(features.map((f) => f.geometry.type));
  if ([...types].every((t) => t === 'Point' || t === 'MultiPoint') && types.size > 0) return 'point';
  if ([...types].every((t) => t === 'LineString' || t === 'MultiLineString') && types.size > 0) return 'line';
  return layer.kind === 'assets' ? 'point' : 'fill';
}

/** Where the data of a map comes from: each layer's source, and the attribution lines its layers and the board require. */
export interface MapCredits {
  /** "Layer name: source", one per layer with a source. */
  sources: string[];
  /** Attribution lines (the layers', then the board's, without the basemap's: no basemap is drawn). */
  attribution: string[];
}

function creditsOf(doc: Y.Doc, layers: readonly MapLayer[]): MapCredits {
  const sources = layers.flatMap((layer) => (layer.source?.trim() ? [`${layer.name}: ${layer.source.trim()}`] : []));
  const lines = layers.flatMap((layer) => (layer.attribution?.trim() ? [layer.attribution] : []));
  for (const line of getBoardMeta(doc).attribution ?? []) if (!isBasemapCredit(line)) lines.push(line);
  return { sources: dedupeCredits(sources), attribution: dedupeCredits(lines) };
}

/**
 * Draws a saved map view as SVG: the view's visible layers in the board's layer order (bottom first), each feature
 * coloured as the web map colours it (indicator classes, categories), clipped to the frame, with a scale bar and a
 * north arrow. There is no basemap. The view is drawn north-up and flat: bearing and pitch are said in the
 * description, not applied.
 */
export function renderMapView(doc: Y.Doc, view: MapView, size: MapImageSize = MAP_IMAGE_SIZE, idPrefix = `map-${view.id}`): MapViewImage {
  const wanted = new Set(view.visibleLayerIds);
  const layers = listLayers(doc).flatMap((r) => (r.ok && wanted.has(r.value.id) ? [r.value] : []));
  const byLayer = new Map<string, MapFeature[]>(layers.map((l) => [l.id, []]));
  for (const result of listFeatures(doc)) if (result.ok) byLayer.get(result.value.layerId)?.push(result.value);

  const projection = viewProjection(view, size);
  const path = geoPath(projection).digits(1);
  const key: MapKeyItem[] = [];
  const groups = layers.map((layer) => {
    const features = byLayer.get(layer.id) ?? [];
    const style = drawStyleOf(layer, view.zoom);
    const drawn = features.map((feature) => featureSvg(feature, layer, style, path, projection, size)).filter((s) => s !== '');
    const legend = layerLegend(layer);
    key.unshift({ layer, symbol: symbolOf(layer, features), featuresShown: drawn.length, ...(legend ? { legend } : {}) });
    return `<g class="map-layer" data-layer="${escapeHtml(layer.id)}">${drawn.join('')}</g>`;
  });

  const extent = viewExtent(view, size);
  const across = (EARTH_CIRCUMFERENCE * Math.cos(toRadians(view.center[1])) * size.width) / (TILE_SIZE * 2 ** view.zoom);
  const shown = key.map((item) => `${item.layer.name} (${item.featuresShown} shown)`);
  let description =
    `Map centred on ${formatCoordinate(view.center[1], 'N', 'S')} ${formatCoordinate(view.center[0], 'E', 'W')}, ` +
    `about ${formatDistance(across)} across, north at the top. ` +
    (shown.length > 0 ? `Layers, top first: ${shown.join('; ')}.` : 'No layers are shown in this view.');
  if (Math.round(view.bearing) % 360 !== 0 || Math.round(view.pitch) !== 0) {
    description += ` On screen this view is turned ${Math.round(view.bearing)}° and tilted ${Math.round(view.pitch)}°; here it is drawn north-up and flat.`;
  }
  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" role="img" aria-labelledby="${escapeHtml(titleId)} ${escapeHtml(descId)}" ` +
    `viewBox="0 0 ${size.width} ${size.height}" width="${size.width}" height="${size.height}" font-family="Arial, 'Liberation Sans', sans-serif">` +
    `<title id="${escapeHtml(titleId)}">Map: ${escapeHtml(view.name)}</title><desc id="${escapeHtml(descId)}">${escapeHtml(description)}</desc>` +
    `<rect width="${size.width}" height="${size.height}" fill="#f4f6f7"/>` +
    groups.join('') +
    scaleBar(view, size) +
    northArrow(size) +
    `<rect x="0.5" y="0.5" width="${size.width - 1}" height="${size.height - 1}" fill="none" stroke="#aeb7bd"/></svg>`;
  return { view, size, extent, svg, key, credits: creditsOf(doc, layers), description };
}

function swatch(item: MapKeyItem): string {
  const colour = safeColour(item.layer.style.colour);
  const shape =
    item.symbol === 'line'
      ? `<path d="M2 9h16" stroke="${colour}" stroke-width="3"/>`
      : item.symbol === 'point'
        ? `<circle cx="10" cy="9" r="5" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`
        : `<rect x="2" y="3" width="16" height="12" fill="${colour}" fill-opacity="0.35" stroke="${colour}" stroke-width="2"/>`;
  return `<svg class="key__swatch" width="20" height="18" viewBox="0 0 20 18" aria-hidden="true" focusable="false">${shape}</svg>`;
}

function classSwatch(colour: string): string {
  return `<span class="key__class" style="background-color:${safeColour(colour, '#d8dde0')}" aria-hidden="true"></span>`;
}

/**
 * A map view as a figure: the SVG, its key (layer names with their symbols, classes and categories), and a caption
 * with the view's name and the data credits.
 */
export function mapFigureHtml(image: MapViewImage): string {
  const keyItems = image.key
    .map((item) => {
      const classes = item.legend
        ? `<div class="key__legend"><p class="key__legend-title">${escapeHtml(item.legend.title)}</p><ul class="key__classes">${item.legend.entries
            .map((entry) => `<li>${classSwatch(entry.colour)}${escapeHtml(entry.label)}</li>`)
            .join('')}</ul></div>`
        : '';
      return `<li class="key__layer">${item.legend && item.layer.kind === 'indicator' ? '' : swatch(item)}<span class="key__name">${escapeHtml(item.layer.name)}</span>${classes}</li>`;
    })
    .join('');
  const key = image.key.length > 0 ? `<ul class="key__layers">${keyItems}</ul>` : '<p class="muted">No layers are shown in this view.</p>';
  const { sources, attribution } = image.credits;
  const credits =
    sources.length + attribution.length > 0
      ? `<div class="map-figure__credits"><p class="key__title">Data</p>` +
        (sources.length > 0 ? `<p><span class="credits__label">Sources:</span> ${sources.map(escapeHtml).join('; ')}.</p>` : '') +
        (attribution.length > 0 ? `<p><span class="credits__label">Attribution:</span> ${attribution.map((line) => escapeHtml(/[.!?]$/.test(line) ? line : `${line}.`)).join(' ')}</p>` : '') +
        `</div>`
      : '';
  return (
    `<figure class="map-figure">` +
    `<div class="map-figure__map">${image.svg}</div>` +
    `<div class="map-figure__side"><p class="key__title">Key</p>${key}${credits}</div>` +
    `<figcaption class="map-figure__caption"><span class="map-figure__name">${escapeHtml(image.view.name)}.</span> ${escapeHtml(image.description)}</figcaption>` +
    `</figure>`
  );
}
