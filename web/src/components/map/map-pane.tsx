import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  addFeature,
  addLayer,
  createBoardUndoManager,
  deleteFeature,
  deleteLayer,
  getBoardMeta,
  getFeature,
  getRoots,
  listLayers,
  updateLayer,
  type Author,
  type Geometry,
  type MapLayer,
} from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { AnnouncerProvider, useAnnounce } from '../../lib/announce';
import { getClientConfig, type ClientConfig } from '../../lib/api';
import { useBoardAccess } from '../access/board-access';
import { geometryLabel } from '../../lib/geometry';
import { AnalysisPanel } from './analysis-panel';
import { PlacesSection } from './asset-list';
import { basemapAttribution, foldCompactAttributionSoon, loadBasemapStyle, registerPmtilesProtocol, showBasemap, type BasemapChoice } from './basemap';
import { BoardMapLayers, FEATURE_ID_PROPERTY, OVERLAY_LAYER_PREFIX } from './board-map-layers';
import { CommunityMapLayer, contributionAt } from '../community/community-map-layer';
import { ContributionPanel } from '../community/contribution-panel';
import { DrawToolbar } from './draw-toolbar';
import { EditingHighlights } from './editing-highlights';
import { SelectionHighlights } from './selection-highlights';
import { ExportMenu } from './export-menu';
import { FeatureSearch, FeaturesInView } from './feature-finder';
import { readFeatureIndex, type FeatureEntry } from './feature-index';
import { FeaturePanel } from './feature-panel';
import { ImportPanel, JoinPanel } from './import-panel';
import { LayerList } from './layer-list';
import { LAYER_PALETTE } from './layer-style';
import { isShapeTool, POINTS_NEEDED, shapeGeometry, ShapePreview, type Position } from './keyboard-shape';
import { MapDraw, type DrawTool } from './map-draw';
import { SavedViews } from '../present/saved-views';

// MapLibre loads its worker from a URL Vite cannot see: hand it the bundled worker.
maplibregl.setWorkerUrl(workerUrl);

/** Where a board with no saved viewport opens: Trafford. */
const FALLBACK_VIEW = { center: [-2.33, 53.42] as [number, number], zoom: 10.5 };

type MapStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string };

interface MapPaneProps {
  doc: Y.Doc;
  author: Author;
  boardId: string;
  awareness: Awareness;
  title: string;
}

/** The Map pane: the board's layers over the basemap, drawing, the feature panel and the side panels. */
export function MapPane(props: MapPaneProps) {
  return (
    <AnnouncerProvider>
      <MapPaneBody {...props} />
    </AnnouncerProvider>
  );
}

interface UndoToast {
  message: string;
  n: number;
}

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function MapPaneBody({ doc, author, boardId, awareness, title }: MapPaneProps) {
  const announce = useAnnounce();
  // Viewers and contributors cannot change the map: no drawing tools, no imports.
  const { canEditPlan: canEditMap, presenceKey } = useBoardAccess();
  // Read by the map's effect, which must not start the map again if it changed (it does not while a board is open).
  const presenceKeyRef = useRef(presenceKey);
  presenceKeyRef.current = presenceKey;
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [mapDraw, setMapDraw] = useState<MapDraw | null>(null);
  const [status, setStatus] = useState<MapStatus>({ kind: 'loading' });
  const [linkedCount, setLinkedCount] = useState(0);
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [basemap, setBasemap] = useState<BasemapChoice>('default');
  const basemapLayerIds = useRef<string[]>([]);
  const [tool, setToolState] = useState<DrawTool>('none');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  /** The published community contribution whose point was clicked on the map (see {@link ContributionPanel}). */
  const [contributionId, setContributionId] = useState<string | null>(null);
  /** Whether "Quick analysis" is open: closed, it works out nothing on each change (see {@link AnalysisPanel}). */
  const [analysisOpen, setAnalysisOpen] = useState(false);
  const [focusPanel, setFocusPanel] = useState(true);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [toast, setToast] = useState<UndoToast | null>(null);
  const [drawTarget, setDrawTarget] = useState('');
  const pickRef = useRef<((point: [number, number] | null) => void) | null>(null);
  const [picking, setPicking] = useState(false);
  /**
   * Ends the choosing of a point (see {@link pickPoint}) with `point`, or null when cancelled. False when no point was
   * being chosen.
   */
  const settlePick = useCallback((point: [number, number] | null): boolean => {
    const resolve = pickRef.current;
    if (!resolve) return false;
    pickRef.current = null;
    setPicking(false);
    resolve(point);
    return true;
  }, []);
  /** The points of a line or area drawn from the keyboard so far (see {@link addAtCentre}). */
  const [shapePoints, setShapePoints] = useState<Position[]>([]);
  const shapePreview = useRef<ShapePreview | null>(null);

  const features = useBoardValue(doc, ['layers', 'features'], readFeatureIndex);
  const layers = useBoardValue(doc, ['layers'], (d) => listLayers(d).flatMap((r) => (r.ok ? [r.value] : [])));
  const drawTargets = useMemo(() => [...layers].reverse().filter((l) => l.kind === 'drawing' || l.kind === 'areas' || l.kind === 'assets'), [layers]);
  const defaultTarget = drawTargets.find((l) => l.kind === 'drawing')?.id ?? '';
  const targetId = drawTarget && drawTargets.some((l) => l.id === drawTarget) ? drawTarget : defaultTarget;
  const targetRef = useRef(targetId);
  targetRef.current = targetId;

  // Undo of this person's own layer and feature edits (remote edits arrive with the provider as origin). Made in an
  // effect, not a memo: React's StrictMode rehearses an unmount, whose destroy() would end a memoised one for good.
  const undoRef = useRef<Y.UndoManager | null>(null);
  useEffect(() => {
    const manager = createBoardUndoManager(doc, ['layers', 'features'], null, { captureTimeout: 400 });
    undoRef.current = manager;
    return () => {
      manager.destroy();
      undoRef.current = null;
    };
  }, [doc]);

  /** Where the keyboard was when the feature panel opened: it goes back there when the panel closes. */
  const panelOpener = useRef<HTMLElement | null>(null);
  const selectFeature = useCallback((id: string | null, focus = true) => {
    const active = document.activeElement;
    if (id !== null && active instanceof HTMLElement && active !== document.body && !active.closest('[data-testid="feature-panel"]')) {
      panelOpener.current = active;
    }
    setFocusPanel(focus);
    setSelectedId(id);
    if (id !== null) setContributionId(null);
  }, []);
  /** Where the keyboard goes once the feature panel has closed (see closePanel). */
  const [refocus, setRefocus] = useState<{ to: HTMLElement | null } | null>(null);
  /**
   * Closes the feature panel. If the keyboard was in it (or was dropped with a button that went), it goes back to
   * what opened the panel (a row of the features table, the search, the map), or to the map if that has gone.
   */
  const closePanel = useCallback(() => {
    const active = document.activeElement;
    const hadFocus = active === null || active === document.body || active.closest('[data-testid="feature-panel"]') !== null;
    if (hadFocus) setRefocus({ to: panelOpener.current });
    panelOpener.current = null;
    setSelectedId(null);
  }, []);
  // After the render that closed the panel, when a deleted feature's row has gone too.
  useEffect(() => {
    if (!refocus) return;
    setRefocus(null);
    (refocus.to?.isConnected ? refocus.to : map?.getCanvas())?.focus();
  }, [refocus, map]);

  // The map, the board layers on it, terra-draw and the highlights of what others are editing.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    let cancelled = false;
    let created: maplibregl.Map | null = null;
    let layersOnMap: BoardMapLayers | null = null;
    let communityOnMap: CommunityMapLayer | null = null;
    let draw: MapDraw | null = null;
    let highlights: EditingHighlights | null = null;
    let preview: ShapePreview | null = null;
    let selection: SelectionHighlights | null = null;
    let resizeObserver: ResizeObserver | null = null;
    let stopFollowingViewport = (): void => {};
    let cancelCreditsFold = (): void => {};

    void (async () => {
      const clientConfig = await getClientConfig();
      if (clientConfig.pmtilesUrl) await registerPmtilesProtocol(maplibregl);
      const style = await loadBasemapStyle(clientConfig.basemapStyleUrl);
      if (cancelled) return;
      setConfig(clientConfig);
      basemapLayerIds.current = (style.layers ?? []).filter((l) => l.layout?.visibility !== 'none').map((l) => l.id);
      const viewport = getBoardMeta(doc).viewport ?? FALLBACK_VIEW;
      const instance = new maplibregl.Map({
        container,
        style,
        center: viewport.center,
        zoom: viewport.zoom,
        attributionControl: false,
        cooperativeGestures: false,
        // Double-click finishes lines in terra-draw; keep it from zooming the map.
        doubleClickZoom: false,
      });
      created = instance;
      const customAttribution = basemapAttribution(clientConfig.basemapStyleUrl);
      instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      instance.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-left');
      instance.addControl(new maplibregl.AttributionControl(customAttribution ? { customAttribution } : {}), 'bottom-right');
      stopFollowingViewport = followSavedViewport(instance, doc);
      resizeObserver = new ResizeObserver(() => instance.resize());
      resizeObserver.observe(container);
      if (window.__placeboard?.doc === doc) window.__placeboard.map = instance;
      setMap(instance);
      instance.on('load', () => {
        if (cancelled) return;
        cancelCreditsFold = foldCompactAttributionSoon(instance, container);
        layersOnMap = new BoardMapLayers(instance, doc);
        layersOnMap.start();
        // Published community contributions, as a "Community knowledge" layer above the board's own.
        communityOnMap = new CommunityMapLayer(instance, doc);
        communityOnMap.start();
        highlights = new EditingHighlights(instance, doc, awareness, presenceKeyRef.current);
        preview = new ShapePreview(instance);
        shapePreview.current = preview;
        selection = new SelectionHighlights(instance, doc, awareness, (ids) => {
          container.dataset.highlighted = String(ids.length);
          setLinkedCount(ids.length);
        });
        draw = new MapDraw(instance, doc, author, {
          drawingLayerId: () => ensureDrawingLayer(doc, author, targetRef.current),
          onDrawn: (featureId, geometry) => onDrawnRef.current(featureId, geometry),
          onEditing: (featureId) => {
            setEditingId(featureId);
            awareness.setLocalStateField('editing', featureId ? { featureId } : null);
          },
        });
        if (window.__placeboard?.doc === doc) window.__placeboard.draw = draw.draw;
        setMapDraw(draw);
        setStatus({ kind: 'ready' });
      });
    })().catch((error: unknown) => {
      if (!cancelled) setStatus({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    });

    return () => {
      cancelled = true;
      stopFollowingViewport();
      cancelCreditsFold();
      resizeObserver?.disconnect();
      draw?.destroy();
      highlights?.destroy();
      preview?.destroy();
      if (shapePreview.current === preview) shapePreview.current = null;
      selection?.destroy();
      layersOnMap?.destroy();
      communityOnMap?.destroy();
      awareness.setLocalStateField('editing', null);
      if (window.__placeboard?.map === created) {
        delete window.__placeboard.map;
        delete window.__placeboard.draw;
      }
      created?.remove();
      setMap(null);
      setMapDraw(null);
    };
    // `author` is read through the draw controller's callbacks; a new name re-creates nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, awareness]);

  const onDrawnRef = useRef<(featureId: string, geometry: Geometry) => void>(() => {});
  onDrawnRef.current = (featureId, geometry) => {
    const layer = getFeature(doc, featureId);
    const layerName = layer?.ok ? listLayers(doc).find((r) => r.ok && r.value.id === layer.value.layerId) : undefined;
    announce(`${geometryLabel(geometry)} added to ${layerName?.ok ? layerName.value.name : 'the drawing layer'}.`.replace(/^./, (c) => c.toUpperCase()));
    selectFeature(featureId, false);
  };

  const setTool = useCallback(
    (next: DrawTool) => {
      if (!mapDraw) return;
      mapDraw.setTool(next);
      setToolState(next);
      if (next === 'none') announce('Drawing tools off.');
    },
    [mapDraw, announce],
  );

  // A line or area drawn from the keyboard is dropped with its tool (another tool, Escape), and shown while drawn.
  useEffect(() => setShapePoints([]), [tool]);
  useEffect(() => shapePreview.current?.show(isShapeTool(tool) ? tool : null, shapePoints), [tool, shapePoints, status.kind]);

  /** Writes a new drawing to the board, as terra-draw's finished shapes are, and opens it. */
  const addDrawing = useCallback(
    (geometry: Geometry) => {
      const featureId = addFeature(doc, { layerId: ensureDrawingLayer(doc, author, targetRef.current), geometry, properties: {} }, author);
      onDrawnRef.current(featureId, geometry);
    },
    [doc, author],
  );

  /** Finishes the line or area drawn from the keyboard, once it has enough points. */
  const finishShape = useCallback(() => {
    if (!isShapeTool(tool) || shapePoints.length < POINTS_NEEDED[tool]) return;
    setShapePoints([]);
    addDrawing(shapeGeometry(tool, shapePoints));
  }, [tool, shapePoints, addDrawing]);

  /**
   * Drawing without a pointer (WCAG 2.1.1): the map is moved with its own keys (arrows, + and -) while it has focus,
   * and Enter there, or the button by the tool's hint, puts a point where the centre of the map is (marked +). With
   * the point tool that is a new point; with the line and area tools, the next point of the shape, which Enter in the
   * same place again (or the Finish button) finishes.
   */
  const addAtCentre = useCallback(() => {
    if (!map) return;
    const { lng, lat } = map.getCenter();
    if (tool === 'point') {
      addDrawing({ type: 'Point', coordinates: [lng, lat] });
      return;
    }
    if (!isShapeTool(tool)) return;
    const last = shapePoints[shapePoints.length - 1];
    if (last && last[0] === lng && last[1] === lat) {
      if (shapePoints.length >= POINTS_NEEDED[tool]) finishShape();
      else announce(`Move the map first: a ${tool === 'linestring' ? 'line' : 'area'} needs ${POINTS_NEEDED[tool]} different points.`);
      return;
    }
    const count = shapePoints.length + 1;
    setShapePoints([...shapePoints, [lng, lat]]);
    const what = tool === 'linestring' ? 'Point' : 'Corner';
    announce(
      count >= POINTS_NEEDED[tool]
        ? `${what} ${count} added. Move the map and press Enter for another, or press Enter again here to finish.`
        : `${what} ${count} added. Move the map and press Enter for the next.`,
    );
  }, [map, tool, shapePoints, addDrawing, finishShape, announce]);

  const editFeature = useCallback(
    (featureId: string) => {
      if (!mapDraw) return;
      const ok = mapDraw.editFeature(featureId);
      setToolState(mapDraw.activeTool);
      announce(ok ? 'Editing the shape: drag the feature or its corners.' : 'This shape has several parts and cannot be edited on the map.');
    },
    [mapDraw, announce],
  );

  // Clicks on the map: pick a point for analysis, or open (and in select mode, edit) the feature under the pointer.
  useEffect(() => {
    if (!map || !mapDraw) return undefined;
    const onClick = (event: maplibregl.MapMouseEvent): void => {
      if (settlePick([event.lngLat.lng, event.lngLat.lat])) return;
      const current = mapDraw.activeTool;
      if (current !== 'none' && current !== 'select') return;
      // Community knowledge is drawn over the board's layers: a click on one of its points opens what it says.
      const contribution = current === 'none' ? contributionAt(map, event.point) : null;
      if (contribution) {
        selectFeature(null);
        setContributionId(contribution);
        return;
      }
      setContributionId(null);
      const id = featureAt(map, event.point);
      if (!id) {
        if (current === 'none') selectFeature(null);
        return;
      }
      selectFeature(id, false);
      if (current === 'select') editFeature(id);
    };
    // A pointer over what a click would open, once a frame at most (the query reads every layer under the mouse).
    let frame = 0;
    let over: { x: number; y: number } | null = null;
    const showPointer = (): void => {
      frame = 0;
      if (!over || mapDraw.activeTool !== 'none') return;
      const opens = contributionAt(map, over) !== null || featureAt(map, over) !== null;
      map.getCanvas().style.cursor = opens ? 'pointer' : '';
    };
    const onMove = (event: maplibregl.MapMouseEvent): void => {
      over = event.point;
      frame ||= requestAnimationFrame(showPointer);
    };
    map.on('click', onClick);
    map.on('mousemove', onMove);
    return () => {
      map.off('click', onClick);
      map.off('mousemove', onMove);
      cancelAnimationFrame(frame);
    };
  }, [map, mapDraw, editFeature, selectFeature]);

  // The panel follows the feature being edited; a deleted feature closes it.
  useEffect(() => {
    if (editingId) setSelectedId(editingId);
  }, [editingId]);

  const showUndoToast = (message: string): void => setToast((t) => ({ message, n: (t?.n ?? 0) + 1 }));
  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => setToast((t) => (t?.n === toast.n ? null : t)), 20_000);
    return () => clearTimeout(timer);
  }, [toast]);

  const undo = useCallback(() => {
    mapDraw?.stopEditing();
    const undoManager = undoRef.current;
    if (!undoManager || undoManager.undoStack.length === 0) {
      announce('Nothing to undo.');
      return;
    }
    undoManager.undo();
    setToast(null);
    announce('Undone.');
  }, [mapDraw, announce]);

  const redo = useCallback(() => {
    mapDraw?.stopEditing();
    const undoManager = undoRef.current;
    if (!undoManager || undoManager.redoStack.length === 0) return;
    undoManager.redo();
    announce('Redone.');
  }, [mapDraw, announce]);

  const onDeleteLayer = (layer: MapLayer): void => {
    undoRef.current?.stopCapturing();
    if (selectedId && features.some((f) => f.id === selectedId && f.layerId === layer.id)) {
      mapDraw?.stopEditing();
      setSelectedId(null);
    }
    deleteLayer(doc, layer.id);
    undoRef.current?.stopCapturing();
    showUndoToast(`Layer “${layer.name}” deleted.`);
    announce(`Layer ${layer.name} deleted. Press Control+Z or the Undo button to bring it back.`);
  };

  const onDeleteFeature = (featureId: string): void => {
    const entry = features.find((f) => f.id === featureId);
    mapDraw?.stopEditing();
    undoRef.current?.stopCapturing();
    deleteFeature(doc, featureId);
    undoRef.current?.stopCapturing();
    closePanel();
    showUndoToast(`${entry?.name ?? 'Feature'} deleted.`);
    announce(`${entry?.name ?? 'Feature'} deleted.`);
  };

  const chooseEntry = useCallback(
    (entry: FeatureEntry) => {
      if (map && entry.bbox) {
        const [w, s, e, n] = entry.bbox;
        if (w === e && s === n) map.flyTo({ center: [w, s], zoom: Math.max(map.getZoom(), 14) });
        else map.fitBounds([w, s, e, n], { padding: 60, maxZoom: 16 });
      }
      if (!entry.layerVisible) updateLayer(doc, entry.layerId, { visible: true }, author);
      selectFeature(entry.id, true);
    },
    [map, doc, author, selectFeature],
  );

  const pickPoint = useCallback(
    (options: { focusMap?: boolean; centre?: Position } = {}): Promise<[number, number] | null> => {
      pickRef.current?.(null);
      if (mapDraw && mapDraw.activeTool !== 'none') {
        mapDraw.setTool('none');
        setToolState('none');
      }
      setPicking(true);
      if (options.centre) map?.jumpTo({ center: options.centre });
      if (options.focusMap) map?.getCanvas().focus();
      return new Promise((resolve) => {
        pickRef.current = resolve;
      });
    },
    [map, mapDraw],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !isTextInput(event.target) && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      if (event.shiftKey) redo();
      else undo();
      return;
    }
    if (mod && !isTextInput(event.target) && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      redo();
      return;
    }
    // Enter on the map itself: the point tool adds a point at the centre, and choosing a point takes the centre.
    if (event.key === 'Enter' && map && event.target === map.getCanvas()) {
      const { lng, lat } = map.getCenter();
      if (settlePick([lng, lat])) {
        event.preventDefault();
        return;
      }
      if (tool === 'point' || isShapeTool(tool)) {
        event.preventDefault();
        addAtCentre();
        return;
      }
    }
    if (event.key === 'Escape') {
      if (settlePick(null)) {
        announce('Choosing a point cancelled.');
        return;
      }
      if (tool !== 'none') {
        setTool('none');
        containerRef.current?.querySelector('canvas')?.focus();
      }
      return;
    }
    if ((event.key === 'Delete' || event.key === 'Backspace') && editingId && !isTextInput(event.target)) {
      event.preventDefault();
      onDeleteFeature(editingId);
    }
  };

  useEffect(() => {
    if (map && config) showBasemap(map, basemap, config.pmtilesUrl, basemapLayerIds.current);
  }, [map, config, basemap, status.kind]);

  const ready = status.kind === 'ready';
  return (
    <div className={`map-pane${picking ? ' map-pane--picking' : ''}`} onKeyDown={onKeyDown} data-tool={tool}>
      <h2 className="visually-hidden">Map</h2>
      <div className="map-pane__main">
        {canEditMap && (
          <DrawToolbar
            tool={tool}
            disabled={!ready}
            onTool={setTool}
            targets={drawTargets}
            targetId={targetId}
            onTarget={setDrawTarget}
            shapePoints={shapePoints.length}
            onAddAtCentre={addAtCentre}
            onFinishShape={finishShape}
          />
        )}
        <div className="map-pane__frame">
          <div
            ref={containerRef}
            className="map-pane__map"
            data-testid="map-canvas"
            data-ready={ready ? 'true' : 'false'}
            role="region"
            aria-label="Map of the neighbourhood. The same features are listed in the table “Features in view”."
          />
          {linkedCount > 0 && (
            <p className="map-pane__notice map-pane__notice--linked" role="status" data-testid="map-linked-highlight">
              Highlighting {linkedCount === 1 ? '1 feature' : `${linkedCount} features`} linked to the outcome card
              selected on the canvas.
            </p>
          )}
          {status.kind === 'loading' && (
            <p className="map-pane__notice" role="status">
              Loading map…
            </p>
          )}
          {picking && (
            <p className="map-pane__notice map-pane__notice--pick" role="status">
              Click a point on the map, or press Enter on the map for its centre, marked + (Escape cancels).
            </p>
          )}
          {status.kind === 'failed' && (
            <p className="map-pane__notice error-message" role="alert">
              The map could not be shown: {status.message}
            </p>
          )}
        </div>
        {toast && (
          <div className="toast" role="status" data-testid="undo-toast">
            <span>{toast.message}</span>
            <button type="button" className="button button--secondary" onClick={undo} data-testid="undo-button">
              Undo
            </button>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setToast(null)}>
              ✕
            </button>
          </div>
        )}
      </div>
      <aside className="map-pane__side" aria-label="Map layers, features and tools">
        {contributionId && (
          <ContributionPanel
            key={contributionId}
            doc={doc}
            author={author}
            contributionId={contributionId}
            onClose={() => {
              setContributionId(null);
              map?.getCanvas().focus();
            }}
          />
        )}
        {selectedId && (
          <FeaturePanel
            key={selectedId}
            doc={doc}
            author={author}
            awareness={awareness}
            featureId={selectedId}
            focusOnOpen={focusPanel}
            editing={editingId === selectedId}
            onEditGeometry={() => editFeature(selectedId)}
            onStopEditing={() => {
              mapDraw?.stopEditing();
              setTool('none');
            }}
            onDelete={() => onDeleteFeature(selectedId)}
            onClose={() => {
              if (editingId === selectedId) mapDraw?.stopEditing();
              closePanel();
            }}
            pickPoint={pickPoint}
          />
        )}
        <LayerList doc={doc} author={author} onDelete={onDeleteLayer} />
        <details className="side-section" data-testid="saved-views-section" open>
          <summary>Saved views</summary>
          <SavedViews doc={doc} author={author} map={map} />
        </details>
        <details className="side-section" open>
          <summary>Find features</summary>
          <FeatureSearch features={features} onChoose={chooseEntry} />
          <FeaturesInView features={features} map={map} selectedId={selectedId} onChoose={chooseEntry} />
        </details>
        {canEditMap && (
          <details className="side-section" data-testid="import-section">
            <summary data-testid="import-toggle">Import data</summary>
            <ImportPanel doc={doc} boardId={boardId} />
            <h4>Join a table</h4>
            <p className="hint">Add values from a table (e.g. IMD by LSOA code) to a layer of areas, making an indicator layer.</p>
            <JoinPanel doc={doc} boardId={boardId} />
          </details>
        )}
        <details className="side-section" data-testid="analysis-section" onToggle={(event) => setAnalysisOpen(event.currentTarget.open)}>
          <summary data-testid="analysis-toggle">Quick analysis</summary>
          <AnalysisPanel features={features} active={analysisOpen} pickPoint={pickPoint} />
        </details>
        <details className="side-section" data-testid="export-section">
          <summary data-testid="export-toggle">Export</summary>
          <ExportMenu doc={doc} boardId={boardId} map={map} title={title} />
        </details>
        <details className="side-section" data-testid="basemap-section">
          <summary>Basemap</summary>
          <fieldset className="basemap-switcher">
            <legend className="visually-hidden">Basemap</legend>
            <div className="radio">
              <input id="basemap-default" type="radio" name="basemap" checked={basemap === 'default'} onChange={() => setBasemap('default')} data-testid="basemap-default" />
              <label htmlFor="basemap-default">Offline map of the area (default)</label>
            </div>
            <div className="radio">
              <input
                id="basemap-pmtiles"
                type="radio"
                name="basemap"
                checked={basemap === 'pmtiles'}
                disabled={!config?.pmtilesUrl}
                onChange={() => setBasemap('pmtiles')}
                data-testid="basemap-pmtiles"
              />
              <label htmlFor="basemap-pmtiles">PMTiles basemap{config?.pmtilesUrl ? '' : ' (not configured on this server)'}</label>
            </div>
          </fieldset>
        </details>
        <PlacesSection doc={doc} map={map} />
      </aside>
    </div>
  );
}

/** The board feature drawn under `point` (screen pixels, with a few pixels' slack), or null. */
function featureAt(map: maplibregl.Map, point: { x: number; y: number }): string | null {
  const boardLayers = (map.getStyle()?.layers ?? []).map((l) => l.id).filter((id) => id.startsWith('pb-') && !id.startsWith(OVERLAY_LAYER_PREFIX));
  const { x, y } = point;
  const hits = map.queryRenderedFeatures(
    [
      [x - 5, y - 5],
      [x + 5, y + 5],
    ],
    { layers: boardLayers },
  );
  return hits.map((f) => f.properties?.[FEATURE_ID_PROPERTY]).find((v): v is string => typeof v === 'string') ?? null;
}

/**
 * The layer new drawings go into: the chosen one, else the first drawing layer, else a new "Drawing" layer.
 * A hidden target is shown, so the new shape does not vanish.
 */
function ensureDrawingLayer(doc: Y.Doc, author: Author, chosen: string): string {
  const layers = listLayers(doc).flatMap((r) => (r.ok ? [r.value] : []));
  const target = layers.find((l) => l.id === chosen) ?? [...layers].reverse().find((l) => l.kind === 'drawing');
  if (target) {
    if (!target.visible) updateLayer(doc, target.id, { visible: true }, author);
    return target.id;
  }
  const date = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  return addLayer(doc, { name: 'Drawing', kind: 'drawing', style: { colour: LAYER_PALETTE[5]!.colour }, source: `Drawn on this board, ${date}` }, author);
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
