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

/** How long a map's compact credits stay open once MapLibre has opened them, unless the map is clicked first. */
const CREDITS_OPEN_MS = 5_000;

/**
 * Folds a map's credits behind their (i) button a little after MapLibre opens them. MapLibre makes them compact on a
 * map 640 px wide or less (a phone, a narrow pane) and shows them open, at load or when the map narrows, until the map
 * is next dragged: on a phone that leaves them over the foot of the map. OpenStreetMap's attribution guidelines (the
 * basemap holds OSM data) ask that credits be seen when the map appears and let them fold away after a few seconds or
 * once the person interacts: so each time they open, they fold after {@link CREDITS_OPEN_MS}, or at the next click or
 * tap on the map, whichever comes first. The button opens them again.
 * Call it from the map's `load` event, after the attribution control was added; the function it returns stops it
 * (call it when the map goes).
 */
export function foldCompactAttributionSoon(map: MapLibreMap, container: HTMLElement): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = (): Element | null => container.querySelector('.maplibregl-ctrl-attrib.maplibregl-compact-show');
  const fold = (): void => {
    clearTimeout(timer);
    timer = undefined;
    open()?.classList.remove('maplibregl-compact-show');
  };
  // The control opens them on the map's 'resize' (its listener was added first, so it has run by then).
  const foldLater = (): void => {
    if (timer === undefined && open()) timer = setTimeout(fold, CREDITS_OPEN_MS);
  };
  foldLater();
  map.on('resize', foldLater);
  map.on('click', fold);
  return () => {
    clearTimeout(timer);
    map.off('resize', foldLater);
    map.off('click', fold);
  };
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
