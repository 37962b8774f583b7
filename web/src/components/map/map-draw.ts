import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawRenderMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type * as Y from 'yjs';
import { addFeature, getFeature, getRoots, setFeatureGeometry, type Author, type Geometry } from '@placeboard/board';

/** The drawing tools of the Map pane; `none` leaves the map to pan, zoom and click features. */
export const DRAW_TOOLS = ['none', 'point', 'linestring', 'polygon', 'select'] as const;
export type DrawTool = (typeof DRAW_TOOLS)[number];

/** Prefix of terra-draw's MapLibre layers; board layers are kept under them. */
export const DRAW_LAYER_PREFIX = 'pb-overlay-td';

/** Terra-draw's mode for each geometry type it can edit. */
const MODE_FOR: Partial<Record<Geometry['type'], 'point' | 'linestring' | 'polygon'>> = {
  Point: 'point',
  LineString: 'linestring',
  Polygon: 'polygon',
};

/** What the draw controller tells the pane. */
export interface MapDrawCallbacks {
  /** The layer new drawings go into (created on first use by the pane). */
  drawingLayerId: () => string;
  /** A shape was drawn and written to the board as feature `featureId`. */
  onDrawn: (featureId: string, geometry: Geometry) => void;
  /** The feature selected for editing changed (null: none). */
  onEditing: (featureId: string | null) => void;
  /** An edited feature's new geometry was written to the board. */
  onEdited?: (featureId: string) => void;
}

function sameGeometry(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * terra-draw on the MapLibre map, as an editor of the board doc. The doc is the source of truth: a finished
 * drawing is written to the doc with `addFeature` and removed from terra-draw at once (the board layer then
 * draws it); a feature chosen for editing is copied into terra-draw under its record id, and every finished
 * drag or reshape is written back with `setFeatureGeometry`. Geometry arriving from others for the feature
 * being edited is copied into terra-draw, but only when it differs from what terra-draw holds, so our own
 * edits never loop back.
 */
export class MapDraw {
  /** The terra-draw instance (also exposed to browser tests as `window.__placeboard.draw`). */
  readonly draw: TerraDraw;
  private tool: DrawTool = 'none';
  private editing: string | null = null;
  private readonly features;

  constructor(
    private readonly map: MapLibreMap,
    private readonly doc: Y.Doc,
    private readonly author: Author,
    private readonly callbacks: MapDrawCallbacks,
  ) {
    this.features = getRoots(doc).features;
    const editable = {
      feature: {
        draggable: true,
        coordinates: { draggable: true, midpoints: true, deletable: true },
      },
    };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: DRAW_LAYER_PREFIX }),
      // Record ids are nanoids, not UUIDs: accept any non-empty string so edited features keep their record id.
      idStrategy: {
        isValidId: (id) => (typeof id === 'string' && id.length > 0) || typeof id === 'number',
        getId: () => crypto.randomUUID(),
      },
      tracked: false,
      modes: [
        new TerraDrawRenderMode({ modeName: 'static', styles: {} }),
        new TerraDrawPointMode({ styles: { pointColor: '#d5281b', pointOutlineColor: '#ffffff', pointWidth: 6, pointOutlineWidth: 2 } }),
        new TerraDrawLineStringMode({ styles: { lineStringColor: '#d5281b', lineStringWidth: 3 } }),
        new TerraDrawPolygonMode({
          styles: { fillColor: '#d5281b', fillOpacity: 0.2, outlineColor: '#d5281b', outlineWidth: 3 },
        }),
        new TerraDrawSelectMode({
          flags: { point: { feature: { draggable: true } }, linestring: editable, polygon: editable },
          // Deleting goes through the feature panel (or the Delete key in the pane) so it is undoable.
          keyEvents: { deselect: 'Escape', delete: null, rotate: null, scale: null },
          styles: {
            selectedPolygonColor: '#ffeb3b',
            selectedPolygonOutlineColor: '#212b32',
            selectedPolygonOutlineWidth: 3,
            selectedLineStringColor: '#212b32',
            selectedPointColor: '#ffeb3b',
            selectedPointOutlineColor: '#212b32',
            selectionPointColor: '#ffffff',
            selectionPointOutlineColor: '#212b32',
            selectionPointWidth: 5,
            midPointColor: '#005eb8',
          },
        }),
      ],
    });
    this.draw.start();
    this.draw.setMode('static');
    this.draw.on('finish', this.onFinish);
    this.draw.on('deselect', this.onDeselect);
    this.features.observeDeep(this.onDocChanged);
  }

  /** The active tool. */
  get activeTool(): DrawTool {
    return this.tool;
  }

  /** The feature being edited, if any. */
  get editingFeatureId(): string | null {
    return this.editing;
  }

  /** Switches tool; leaving a drawing mode drops the shape in progress (this is how Escape cancels). */
  setTool(tool: DrawTool): void {
    if (tool !== 'select') this.stopEditing();
    this.tool = tool;
    this.draw.setMode(tool === 'none' ? 'static' : tool);
  }

  /**
   * Starts editing a board feature: copies it into terra-draw under its record id and selects it. Returns
   * false when its geometry cannot be edited here (multi-part geometries), in which case it is only viewed.
   */
  editFeature(featureId: string): boolean {
    if (this.editing === featureId) return true;
    this.stopEditing();
    const result = getFeature(this.doc, featureId);
    if (!result?.ok) return false;
    const mode = MODE_FOR[result.value.geometry.type];
    if (!mode) return false;
    if (this.tool !== 'select') {
      this.tool = 'select';
      this.draw.setMode('select');
    }
    // A copy: the board's read is shared with every other view (getFeature), and terra-draw keeps what it is given.
    const geometry = structuredClone(result.value.geometry);
    const [validation] = this.draw.addFeatures([
      { id: featureId, type: 'Feature', geometry, properties: { mode } } as GeoJSONStoreFeatures,
    ]);
    if (!validation?.valid) return false;
    this.editing = featureId;
    this.draw.selectFeature(featureId);
    this.callbacks.onEditing(featureId);
    return true;
  }

  /** Ends editing (keeps what was written) and clears terra-draw's copy. */
  stopEditing(): void {
    const id = this.editing;
    if (id === null) return;
    this.editing = null;
    if (this.draw.hasFeature(id)) {
      try {
        this.draw.deselectFeature(id);
      } catch {
        // Already deselected.
      }
      if (this.draw.hasFeature(id)) this.draw.removeFeatures([id]);
    }
    this.callbacks.onEditing(null);
  }

  /** Stops following the doc and removes terra-draw from the map. */
  destroy(): void {
    this.features.unobserveDeep(this.onDocChanged);
    this.draw.off('finish', this.onFinish);
    this.draw.off('deselect', this.onDeselect);
    try {
      this.draw.stop();
    } catch {
      // The map was removed first.
    }
  }

  private readonly onFinish = (id: string | number, context: { mode: string; action: string }): void => {
    const snapshot = this.draw.getSnapshotFeature(id);
    if (!snapshot) return;
    const geometry = snapshot.geometry as Geometry;
    if (context.action === 'draw') {
      // A new shape: write it to the board and let the board layer draw it.
      this.draw.removeFeatures([id]);
      const featureId = addFeature(this.doc, { layerId: this.callbacks.drawingLayerId(), geometry, properties: {} }, this.author);
      this.callbacks.onDrawn(featureId, geometry);
      return;
    }
    if (typeof id === 'string' && id === this.editing) {
      setFeatureGeometry(this.doc, id, geometry, this.author);
      this.callbacks.onEdited?.(id);
    }
  };

  private readonly onDeselect = (id: string | number): void => {
    if (id !== this.editing) return;
    // Deselected on the map (Escape or a click elsewhere): stop editing on the next tick, outside terra-draw's handler.
    queueMicrotask(() => {
      if (this.editing === id) this.stopEditing();
    });
  };

  private readonly onDocChanged = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction): void => {
    const id = this.editing;
    if (id === null || transaction.local) return;
    const touched = events.some((event) =>
      event.target === this.features ? event.changes.keys.has(id) : event.path[0] === id,
    );
    if (!touched) return;
    const result = getFeature(this.doc, id);
    if (!result?.ok) {
      // Deleted (or broken) by someone else while we edit it.
      this.stopEditing();
      return;
    }
    const held = this.draw.getSnapshotFeature(id);
    if (held && !sameGeometry(held.geometry, result.value.geometry)) {
      try {
        this.draw.updateFeatureGeometry(id, structuredClone(result.value.geometry) as GeoJSONStoreFeatures['geometry']);
      } catch {
        this.stopEditing();
      }
    }
  };
}
