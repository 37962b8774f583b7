import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { DEFAULT_BASEMAP_STYLE_URL } from '../../lib/api';

/** Credit for the offline basemap bundled in `public/basemap` (see its ATTRIBUTION.txt). */
export const DEFAULT_BASEMAP_ATTRIBUTION =
  'Basemap: contains OS data © Crown copyright and database right 2025; ONS; TfGM; Metrolink lines © OpenStreetMap contributors';

/**
 * Fetches a MapLibre style and makes every GeoJSON source's `data` URL absolute. The bundled offline
 * styles name their files relative to the style, which MapLibre would otherwise resolve against the page.
 */
export async function loadBasemapStyle(styleUrl: string): Promise<StyleSpecification> {
  const absoluteStyleUrl = new URL(styleUrl, window.location.href);
  const response = await fetch(absoluteStyleUrl);
  if (!response.ok) throw new Error(`The basemap style could not be loaded (${response.status}).`);
  const style = (await response.json()) as StyleSpecification;
  const sources: StyleSpecification['sources'] = {};
  for (const [id, source] of Object.entries(style.sources ?? {})) {
    sources[id] =
      source.type === 'geojson' && typeof source.data === 'string'
        ? { ...source, data: new URL(source.data, absoluteStyleUrl).href }
        : source;
  }
  return { ...style, sources };
}

/** Attribution to show for the basemap itself, beyond what its sources declare. */
export function basemapAttribution(styleUrl: string): string | undefined {
  return new URL(styleUrl, window.location.href).pathname === DEFAULT_BASEMAP_STYLE_URL ? DEFAULT_BASEMAP_ATTRIBUTION : undefined;
}

/** How long a map's compact credits stay open after it loads, unless the map is touched first. */
const CREDITS_OPEN_MS = 5_000;

/**
 * Folds a map's credits behind their (i) button a little after it has loaded, when MapLibre has made them compact (a
 * map 640 px wide or less). MapLibre shows them open until the map is first dragged, which on a phone, or a narrow
 * pane, leaves them over the foot of the map. OpenStreetMap's attribution guidelines (the basemap holds OSM data) ask
 * that credits be seen when the map loads and let them fold away after a few seconds or once the person interacts:
 * so they fold after {@link CREDITS_OPEN_MS}, or at the first click or tap on the map. The button opens them again.
 * Call it from the map's `load` event; the function it returns cancels the fold (call it when the map goes).
 */
export function foldCompactAttributionSoon(map: MapLibreMap, container: HTMLElement): () => void {
  const cancel = (): void => {
    clearTimeout(timer);
    map.off('click', fold);
  };
  const fold = (): void => {
    cancel();
    container.querySelector('.maplibregl-ctrl-attrib.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
  };
  const timer = setTimeout(fold, CREDITS_OPEN_MS);
  map.on('click', fold);
  return cancel;
}

/** Id of the raster source and layer that show the PMTiles basemap. */
export const PMTILES_BASEMAP_ID = 'pmtiles-basemap';

/** The basemaps a person can choose between. */
export type BasemapChoice = 'default' | 'pmtiles';

/**
 * Registers the `pmtiles://` protocol with MapLibre once, so a raster source can read an archive the
 * server serves with range requests.
 */
let pmtilesRegistered = false;
export async function registerPmtilesProtocol(maplibre: { addProtocol: typeof import('maplibre-gl').addProtocol }): Promise<void> {
  if (pmtilesRegistered) return;
  const { Protocol } = await import('pmtiles');
  const protocol = new Protocol();
  maplibre.addProtocol('pmtiles', protocol.tile);
  pmtilesRegistered = true;
}

/**
 * Shows one basemap: the PMTiles raster (added under everything on first use) or the configured style's own
 * layers. The board's layers are never touched.
 */
export function showBasemap(map: import('maplibre-gl').Map, choice: BasemapChoice, pmtilesUrl: string | undefined, basemapLayerIds: readonly string[]): void {
  if (choice === 'pmtiles' && pmtilesUrl && !map.getSource(PMTILES_BASEMAP_ID)) {
    map.addSource(PMTILES_BASEMAP_ID, {
      type: 'raster',
      url: `pmtiles://${new URL(pmtilesUrl, window.location.href).href}`,
      tileSize: 256,
    });
    const bottom = map.getStyle()?.layers?.[0]?.id;
    map.addLayer({ id: PMTILES_BASEMAP_ID, type: 'raster', source: PMTILES_BASEMAP_ID }, bottom);
  }
  if (map.getLayer(PMTILES_BASEMAP_ID)) map.setLayoutProperty(PMTILES_BASEMAP_ID, 'visibility', choice === 'pmtiles' ? 'visible' : 'none');
  for (const id of basemapLayerIds) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', choice === 'pmtiles' ? 'none' : 'visible');
  }
}
