import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { getBoardMeta, getRoots, type Author } from '@placeboard/board';
import { getClientConfig } from '../../lib/api';
import { AssetList } from './asset-list';
import { basemapAttribution, loadBasemapStyle } from './basemap';
import { BoardMapLayers } from './board-map-layers';
import { LayerList } from './layer-list';

// MapLibre loads its worker from a URL Vite cannot see: hand it the bundled worker.
maplibregl.setWorkerUrl(workerUrl);

/** Where a board with no saved viewport opens: Trafford. */
const FALLBACK_VIEW = { center: [-2.33, 53.42] as [number, number], zoom: 10.5 };

type MapStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string };

/** The Map pane: the board's layers over the basemap, a layer list and a text list of the assets shown. */
export function MapPane({ doc, author }: { doc: Y.Doc; author: Author }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [status, setStatus] = useState<MapStatus>({ kind: 'loading' });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    let cancelled = false;
    let created: maplibregl.Map | null = null;
    let layers: BoardMapLayers | null = null;
    let resizeObserver: ResizeObserver | null = null;
    let stopFollowingViewport = (): void => {};

    void (async () => {
      const { basemapStyleUrl } = await getClientConfig();
      const style = await loadBasemapStyle(basemapStyleUrl);
      if (cancelled) return;
      const viewport = getBoardMeta(doc).viewport ?? FALLBACK_VIEW;
      const instance = new maplibregl.Map({
        container,
        style,
        center: viewport.center,
        zoom: viewport.zoom,
        attributionControl: false,
        cooperativeGestures: false,
      });
      created = instance;
      const customAttribution = basemapAttribution(basemapStyleUrl);
      instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      instance.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-left');
      instance.addControl(
        new maplibregl.AttributionControl(customAttribution ? { customAttribution } : {}),
        'bottom-right',
      );
      stopFollowingViewport = followSavedViewport(instance, doc);
      resizeObserver = new ResizeObserver(() => instance.resize());
      resizeObserver.observe(container);
      if (window.__placeboard?.doc === doc) window.__placeboard.map = instance;
      setMap(instance);
      instance.on('load', () => {
        if (cancelled) return;
        layers = new BoardMapLayers(instance, doc);
        layers.start();
        setStatus({ kind: 'ready' });
      });
    })().catch((error: unknown) => {
      if (!cancelled) setStatus({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    });

    return () => {
      cancelled = true;
      stopFollowingViewport();
      resizeObserver?.disconnect();
      layers?.destroy();
      if (window.__placeboard?.map === created) delete window.__placeboard.map;
      created?.remove();
      setMap(null);
    };
  }, [doc]);

  return (
    <div className="map-pane">
      <h2 className="visually-hidden">Map</h2>
      <div className="map-pane__main">
        <div
          ref={containerRef}
          className="map-pane__map"
          data-testid="map-canvas"
          data-ready={status.kind === 'ready' ? 'true' : 'false'}
          role="region"
          aria-label="Map of the neighbourhood. The same places are listed in text under “Places on the map”."
        />
        {status.kind === 'loading' && (
          <p className="map-pane__notice" role="status">
            Loading map…
          </p>
        )}
        {status.kind === 'failed' && (
          <p className="map-pane__notice error-message" role="alert">
            The map could not be shown: {status.message}
          </p>
        )}
      </div>
      <aside className="map-pane__side" aria-label="Map layers and places">
        <LayerList doc={doc} author={author} />
        <AssetList doc={doc} map={map} />
      </aside>
    </div>
  );
}

/**
 * Jumps to the board's saved viewport when it arrives from the server, unless the user has already
 * moved the map (the map is usually created before the first sync completes).
 */
function followSavedViewport(map: maplibregl.Map, doc: Y.Doc): () => void {
  const { meta } = getRoots(doc);
  let applied = getBoardMeta(doc).viewport !== undefined;
  const onUserMove = (event: { originalEvent?: unknown }): void => {
    if (event.originalEvent) stop();
  };
  const onMeta = (): void => {
    const viewport = getBoardMeta(doc).viewport;
    if (applied || !viewport) return;
    applied = true;
    map.jumpTo({ center: viewport.center, zoom: viewport.zoom });
    stop();
  };
  function stop(): void {
    meta.unobserve(onMeta);
    map.off('movestart', onUserMove);
  }
  if (applied) return () => {};
  meta.observe(onMeta);
  map.on('movestart', onUserMove);
  return stop;
}
