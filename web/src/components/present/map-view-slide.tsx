import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { dedupeCredits, layerLegend, type MapView } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { getClientConfig, mapViewPngUrl } from '../../lib/api';
import { basemapAttribution, loadBasemapStyle, registerPmtilesProtocol } from '../map/basemap';
import type { MapCamera } from './presenting';
import { useFitToBox } from './use-fit-to-box';
import { ViewLayers, viewLayers } from './view-layers';

// MapLibre loads its worker from a URL Vite cannot see: hand it the bundled worker (as the Map pane does).
maplibregl.setWorkerUrl(workerUrl);

/** Props of {@link MapViewSlide}. */
export interface MapViewSlideProps {
  doc: Y.Doc;
  boardId: string;
  view: MapView;
  /** Where the map looks: the presenter's shared camera, or null for the saved view's own. */
  camera: MapCamera | null;
  /** False for someone following a presenter: their map moves only with the presenter's. */
  interactive: boolean;
  /** Told where the map looks after each move (the presenter shares it with followers). */
  onCamera?: (camera: MapCamera) => void;
}

/** The credits a basemap style asks for: the deployment's own line, then each source's (as plain text). */
function basemapCredits(style: maplibregl.StyleSpecification, custom: string | undefined): string[] {
  const fromSources = Object.values(style.sources ?? {}).flatMap((source) =>
    'attribution' in source && source.attribution
      ? [new DOMParser().parseFromString(source.attribution, 'text/html').body.textContent ?? '']
      : [],
  );
  return custom ? [custom, ...fromSources] : fromSources;
}

function cameraOf(map: maplibregl.Map): MapCamera {
  const center = map.getCenter();
  return { center: [center.lng, center.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
}

/**
 * A saved map view on a slide: a MapLibre map at the view's camera with the view's layers, the layers' key beside
 * it and the data credits in a caption under it (MapLibre's attribution box would cover the bottom of the map, and
 * nobody drags a slide's map to fold it away). If the map cannot be drawn, the server's picture of the view stands in.
 */
export default function MapViewSlide({ doc, boardId, view, camera, interactive, onCamera }: MapViewSlideProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const keyRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [basemapCredit, setBasemapCredit] = useState<string[]>([]);
  // Where the map looks after its last move, as data attributes for tests and tools.
  const [shown, setShown] = useState<MapCamera | null>(null);
  const onCameraRef = useRef(onCamera);
  onCameraRef.current = onCamera;
  // The layer ids as one string, so a re-read of the same view does not rebuild the map.
  const layerKey = view.visibleLayerIds.join(',');
  const layers = useBoardValue(doc, ['layers'], (d) => viewLayers(d, layerKey.split(',')), [layerKey]);
  const initial = useRef<MapCamera>(camera ?? { center: view.center, zoom: view.zoom, bearing: view.bearing, pitch: view.pitch });
  // The key shrinks to show every layer (its stylesheet size is 0.85em), as the text slides do.
  useFitToBox(keyRef, true, [layerKey], 0.85);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    let cancelled = false;
    let created: maplibregl.Map | null = null;
    let drawn: ViewLayers | null = null;
    let resizeObserver: ResizeObserver | null = null;
    void (async () => {
      const config = await getClientConfig();
      if (config.pmtilesUrl) await registerPmtilesProtocol(maplibregl);
      const style = await loadBasemapStyle(config.basemapStyleUrl);
      if (cancelled) return;
      const start = initial.current;
      const instance = new maplibregl.Map({
        container,
        style,
        center: start.center,
        zoom: start.zoom,
        bearing: start.bearing,
        pitch: start.pitch,
        interactive,
        attributionControl: false,
      });
      created = instance;
      setBasemapCredit(basemapCredits(style, basemapAttribution(config.basemapStyleUrl)));
      instance.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
      resizeObserver = new ResizeObserver(() => instance.resize());
      resizeObserver.observe(container);
      instance.on('moveend', () => {
        const now = cameraOf(instance);
        setShown(now);
        onCameraRef.current?.(now);
      });
      instance.on('load', () => {
        if (cancelled) return;
        drawn = new ViewLayers(instance, doc, layerKey.split(','));
        drawn.start();
        setShown(cameraOf(instance));
        setStatus('ready');
      });
      setMap(instance);
    })().catch((error: unknown) => {
      console.error('Map view could not be drawn', error);
      if (!cancelled) setStatus('failed');
    });
    return () => {
      cancelled = true;
      resizeObserver?.disconnect();
      drawn?.destroy();
      created?.remove();
      setMap(null);
    };
  }, [doc, view.id, layerKey, interactive]);

  // Follow the presenter's map (or go back to the saved view when they have not moved it).
  useEffect(() => {
    if (!map) return;
    const target = camera ?? { center: view.center, zoom: view.zoom, bearing: view.bearing, pitch: view.pitch };
    const now = cameraOf(map);
    const same =
      Math.abs(now.center[0] - target.center[0]) < 1e-7 &&
      Math.abs(now.center[1] - target.center[1]) < 1e-7 &&
      Math.abs(now.zoom - target.zoom) < 1e-4 &&
      Math.abs(now.bearing - target.bearing) < 1e-3 &&
      Math.abs(now.pitch - target.pitch) < 1e-3;
    if (!same) map.jumpTo(target);
  }, [map, camera, view.center, view.zoom, view.bearing, view.pitch]);

  const legendItems = layers.map((layer) => ({ layer, legend: layerLegend(layer) }));
  // The server's picture of the view, should it stand in, carries its own credits.
  const credits = status === 'failed' ? [] : dedupeCredits([...basemapCredit, ...layers.map((layer) => layer.attribution ?? '')]);
  return (
    <div
      className="map-slide"
      data-testid="map-slide"
      data-ready={status === 'ready' ? 'true' : 'false'}
      data-zoom={shown ? shown.zoom.toFixed(2) : undefined}
      data-center={shown ? shown.center.map((n) => n.toFixed(5)).join(',') : undefined}
    >
      <figure className="map-slide__figure">
        <div className="map-slide__frame">
          {status === 'failed' ? (
            <img className="map-slide__picture" src={mapViewPngUrl(boardId, view.id)} alt={`Map: ${view.name}`} />
          ) : (
            <div
              ref={containerRef}
              className="map-slide__map"
              role="region"
              aria-label={`Map: ${view.name}. The layers shown are listed in the key.`}
              data-testid="map-slide-canvas"
            />
          )}
          {status === 'loading' && (
            <p className="map-slide__notice" role="status">
              Loading map…
            </p>
          )}
        </div>
        {credits.length > 0 && (
          <figcaption className="map-slide__credits" data-testid="map-slide-credits">
            {credits.join(' · ')}
          </figcaption>
        )}
      </figure>
      <div ref={keyRef} className="map-slide__key" data-testid="map-slide-key">
        <h3 className="map-slide__key-title">Key</h3>
        {legendItems.length === 0 ? (
          <p className="hint">No board layers are shown in this view.</p>
        ) : (
          <ul className="map-slide__layers">
            {legendItems.map(({ layer, legend }) => (
              <li key={layer.id}>
                <span className="map-slide__swatch" style={{ backgroundColor: layer.style.colour }} aria-hidden="true" />
                <span className="map-slide__layer-name">{layer.name}</span>
                {legend && legend.entries.length > 0 && (
                  <ul className="map-slide__classes">
                    {legend.entries.map((entry) => (
                      <li key={entry.label}>
                        <span className="map-slide__swatch map-slide__swatch--small" style={{ backgroundColor: entry.colour }} aria-hidden="true" />
                        {entry.label}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
