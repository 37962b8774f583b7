import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import type { PublicContribution } from '@placeboard/board';
import { getClientConfig } from '../../lib/api';
import { basemapAttribution, foldCompactAttributionSoon, loadBasemapStyle } from '../map/basemap';
import type { CommunityBoardView, PublicLayer } from './community-api';
import { contributionLayers } from './community-style';

// MapLibre loads its worker from a URL Vite cannot see: hand it the bundled worker.
maplibregl.setWorkerUrl(workerUrl);

/** Where a board with no saved view and nothing published opens: Trafford. */
const FALLBACK_VIEW = { center: [-2.33, 53.42] as [number, number], zoom: 11 };

/** Source and style-layer id of the published contributions. */
export const CONTRIBUTIONS_SOURCE = 'community-contributions';

interface CommunityMapProps {
  view: CommunityBoardView;
  /** The pin being placed, or null. */
  pin: [number, number] | null;
  /** Called when someone taps or clicks the map: the pin goes there. */
  onPick: (point: [number, number]) => void;
  /** Hands the map to the page once it exists (for "Use the map centre"), and null when it goes. */
  onMap: (map: maplibregl.Map | null) => void;
}

type MapStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string };

/**
 * The community page's map: the bundled offline basemap, the layers the board published, the published
 * contributions, and the pin being placed. Tapping the map moves the pin. Everything on it is also written out on
 * the page, so nobody needs the map to take part.
 */
export function CommunityMap({ view, pin, onPick, onMap }: CommunityMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [status, setStatus] = useState<MapStatus>({ kind: 'loading' });
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const onMapRef = useRef(onMap);
  onMapRef.current = onMap;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    let cancelled = false;
    let created: maplibregl.Map | null = null;
    let cancelCreditsFold = (): void => {};
    void (async () => {
      const config = await getClientConfig();
      const style = await loadBasemapStyle(config.basemapStyleUrl);
      if (cancelled) return;
      const camera = view.viewport
        ? { center: view.viewport.center, zoom: view.viewport.zoom }
        : view.bounds
          ? { bounds: padBounds(view.bounds), fitBoundsOptions: { padding: 30, maxZoom: 15 } }
          : FALLBACK_VIEW;
      const instance = new maplibregl.Map({ container, style, ...camera, attributionControl: false, cooperativeGestures: false });
      created = instance;
      const credits = [basemapAttribution(config.basemapStyleUrl), ...view.attribution].filter((line): line is string => Boolean(line));
      instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      instance.addControl(new maplibregl.AttributionControl({ compact: true, ...(credits.length ? { customAttribution: credits } : {}) }), 'bottom-right');
      instance.on('click', (event) => onPickRef.current([round(event.lngLat.lng), round(event.lngLat.lat)]));
      instance.on('load', () => {
        if (cancelled) return;
        for (const layer of view.layers) addPublishedLayer(instance, layer);
        addContributions(instance, view.contributions);
        // On a phone the open credits cover a third of the map.
        cancelCreditsFold = foldCompactAttributionSoon(instance, container);
        container.dataset.ready = 'true';
        setStatus({ kind: 'ready' });
      });
      setMap(instance);
      onMapRef.current(instance);
    })().catch((error: unknown) => {
      if (!cancelled) setStatus({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      cancelCreditsFold();
      onMapRef.current(null);
      created?.remove();
      setMap(null);
    };
  }, [view]);

  // The pin: a marker that follows the chosen point.
  useEffect(() => {
    if (!map || !pin) return undefined;
    const marker = new maplibregl.Marker({ color: '#212b32' });
    marker.getElement().setAttribute('aria-label', 'Your pin');
    marker.getElement().dataset.testid = 'community-pin';
    marker.setLngLat(pin).addTo(map);
    return () => {
      marker.remove();
    };
  }, [map, pin]);

  return (
    <div className="community-map">
      <div
        ref={containerRef}
        className="community-map__canvas"
        data-testid="community-map"
        data-ready="false"
        role="region"
        aria-label="Map of the area. Tap it to put your pin there. Everything on the map is also listed on this page."
      />
      {/* Where "Use the map centre" puts the pin. */}
      <span className="community-map__crosshair" aria-hidden="true" />
      {status.kind === 'loading' && (
        <p className="community-map__notice" role="status">
          Loading map…
        </p>
      )}
      {status.kind === 'failed' && (
        <p className="community-map__notice error-message" role="alert">
          The map could not be shown ({status.message}). You can still add local knowledge: use the map centre button.
        </p>
      )}
    </div>
  );
}

/** Six decimal places: about 10 cm, more than enough, and no false precision in what is stored. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A little room around a single point or a tight cluster, so fitting the map does not zoom in to the street. */
function padBounds([west, south, east, north]: [number, number, number, number]): [[number, number], [number, number]] {
  const pad = 0.005;
  return [
    [west - pad, south - pad],
    [east + pad, north + pad],
  ];
}

/** Draws one published layer: areas as a light fill and outline, lines as lines, points as circles. */
function addPublishedLayer(map: maplibregl.Map, layer: PublicLayer): void {
  const source = `community-layer-${layer.id}`;
  map.addSource(source, { type: 'geojson', data: layer.data as maplibregl.GeoJSONSourceSpecification['data'], ...(layer.attribution ? { attribution: layer.attribution } : {}) });
  const polygons: maplibregl.FilterSpecification = ['==', ['geometry-type'], 'Polygon'];
  const points: maplibregl.FilterSpecification = ['==', ['geometry-type'], 'Point'];
  map.addLayer({ id: `${source}-fill`, type: 'fill', source, filter: polygons, paint: { 'fill-color': layer.colour, 'fill-opacity': 0.2 } });
  map.addLayer({ id: `${source}-line`, type: 'line', source, filter: ['!', points], paint: { 'line-color': layer.colour, 'line-width': 2 } });
  map.addLayer({
    id: `${source}-circle`,
    type: 'circle',
    source,
    filter: points,
    paint: { 'circle-color': layer.colour, 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
  });
}

/** Draws the published contributions, coloured by category, above everything else. */
function addContributions(map: maplibregl.Map, contributions: readonly PublicContribution[]): void {
  const features = contributions.flatMap((c) =>
    c.point ? [{ type: 'Feature' as const, id: c.id, geometry: { type: 'Point' as const, coordinates: c.point }, properties: { id: c.id, category: c.category } }] : [],
  );
  map.addSource(CONTRIBUTIONS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features } });
  for (const layer of contributionLayers(CONTRIBUTIONS_SOURCE, CONTRIBUTIONS_SOURCE, { point: 8, centre: 2.5 })) map.addLayer(layer);
}
