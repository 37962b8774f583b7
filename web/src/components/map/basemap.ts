import type { StyleSpecification } from 'maplibre-gl';
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
