import type { GeoJSONSource, GeoJSONSourceDiff, Map as MapLibreMap } from 'maplibre-gl';
import type * as Y from 'yjs';
import { featureToGeoJSON, getFeature, getRoots, listFeatures, listLayers, type MapFeature, type MapLayer } from '@placeboard/board';
import { layerSignature, sourceIdFor, styleLayersFor } from './layer-style';

/**
 * Property that carries the record id of a feature in the map sources. MapLibre drops string feature ids
 * from rendered features, so clicks and queries read the id from here. It is never written to the doc.
 */
export const FEATURE_ID_PROPERTY = '__pbId';

/** Style layers above the board layers (terra-draw, highlights): their ids start with this. */
export const OVERLAY_LAYER_PREFIX = 'pb-overlay-';

/** A feature as it goes into a map source: the GeoJSON of the record, with its id also in the properties. */
function toSourceFeature(feature: MapFeature): ReturnType<typeof featureToGeoJSON> {
  const geojson = featureToGeoJSON(feature);
  geojson.properties[FEATURE_ID_PROPERTY] = feature.id;
  return geojson;
}

interface BuiltLayer {
  signature: string;
  styleLayerIds: string[];
}

/** Where a feature on the map sits and which property keys it was given, to diff the next edit against. */
interface PlacedFeature {
  layerId: string;
  propertyKeys: string[];
}

/**
 * Keeps a MapLibre map showing the board's visible layers. Each visible, valid layer becomes a GeoJSON
 * source built once with its features; after that, feature edits reach the map as partial
 * `updateData` diffs (add, update, remove), never a full `setData`. Layer edits (shown, hidden,
 * restyled, reordered) add, rebuild, remove or move only that layer.
 */
export class BoardMapLayers {
  private readonly built = new Map<string, BuiltLayer>();
  /** Every feature currently on the map. */
  private readonly placed = new Map<string, PlacedFeature>();
  private readonly roots;
  private started = false;

  constructor(
    private readonly map: MapLibreMap,
    private readonly doc: Y.Doc,
  ) {
    this.roots = getRoots(doc);
  }

  /** Draws the board's layers and starts following the doc. Call once the map's style has loaded. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.roots.layers.observeDeep(this.onLayersChanged);
    this.roots.features.observeDeep(this.onFeaturesChanged);
    this.reconcileLayers();
  }

  /** Stops following the doc and removes the board's layers from the map (if the map is still alive). */
  destroy(): void {
    if (!this.started) return;
    this.started = false;
    this.roots.layers.unobserveDeep(this.onLayersChanged);
    this.roots.features.unobserveDeep(this.onFeaturesChanged);
    try {
      for (const layerId of [...this.built.keys()]) this.removeLayer(layerId);
    } catch {
      // The map was removed first; nothing left to clean.
    }
  }

  private readonly onLayersChanged = (): void => this.reconcileLayers();

  private readonly onFeaturesChanged = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const changed = new Set<string>();
    for (const event of events) {
      if (event.target === this.roots.features) {
        for (const key of event.changes.keys.keys()) changed.add(key);
      } else {
        const [recordId] = event.path;
        if (typeof recordId === 'string') changed.add(recordId);
      }
    }
    this.applyFeatureChanges(changed);
  };

  private reconcileLayers(): void {
    const wanted: MapLayer[] = [];
    for (const result of listLayers(this.doc)) if (result.ok && result.value.visible) wanted.push(result.value);
    const wantedById = new Map(wanted.map((layer) => [layer.id as string, layer]));

    for (const [layerId, built] of [...this.built]) {
      const layer = wantedById.get(layerId);
      if (!layer || layerSignature(layer) !== built.signature) this.removeLayer(layerId);
    }
    for (const layer of wanted) if (!this.built.has(layer.id)) this.addLayer(layer);
    // Later layers on top: moving each under the overlays in order leaves them in board order above the basemap.
    const before = this.overlayBeforeId();
    for (const layer of wanted) {
      for (const styleLayerId of this.built.get(layer.id)?.styleLayerIds ?? []) this.map.moveLayer(styleLayerId, before);
    }
  }

  /** The lowest overlay style layer (terra-draw, highlights), which board layers must stay under. */
  private overlayBeforeId(): string | undefined {
    return this.map.getStyle()?.layers?.find((l) => l.id.startsWith(OVERLAY_LAYER_PREFIX))?.id;
  }

  private addLayer(layer: MapLayer): void {
    const features = [];
    for (const result of listFeatures(this.doc, layer.id)) {
      if (!result.ok) continue;
      const geojson = toSourceFeature(result.value);
      features.push(geojson);
      this.placed.set(geojson.id, { layerId: layer.id, propertyKeys: Object.keys(geojson.properties) });
    }
    this.map.addSource(sourceIdFor(layer.id), {
      type: 'geojson',
      // First build of the source: the only time it gets its data whole.
      data: { type: 'FeatureCollection', features },
      ...(layer.attribution ? { attribution: layer.attribution } : {}),
    });
    const styleLayers = styleLayersFor(layer);
    const before = this.overlayBeforeId();
    for (const styleLayer of styleLayers) this.map.addLayer(styleLayer, before);
    this.built.set(layer.id, { signature: layerSignature(layer), styleLayerIds: styleLayers.map((l) => l.id) });
  }

  private removeLayer(layerId: string): void {
    const built = this.built.get(layerId);
    if (!built) return;
    for (const styleLayerId of built.styleLayerIds) if (this.map.getLayer(styleLayerId)) this.map.removeLayer(styleLayerId);
    if (this.map.getSource(sourceIdFor(layerId))) this.map.removeSource(sourceIdFor(layerId));
    this.built.delete(layerId);
    for (const [featureId, placed] of [...this.placed]) if (placed.layerId === layerId) this.placed.delete(featureId);
  }

  private applyFeatureChanges(featureIds: Iterable<string>): void {
    const diffs = new Map<string, Required<Pick<GeoJSONSourceDiff, 'add' | 'update' | 'remove'>>>();
    const diffFor = (layerId: string) => {
      let diff = diffs.get(layerId);
      if (!diff) diffs.set(layerId, (diff = { add: [], update: [], remove: [] }));
      return diff;
    };
    for (const id of featureIds) {
      const previous = this.placed.get(id);
      const previousLayer = previous?.layerId;
      const result = getFeature(this.doc, id);
      const feature = result?.ok ? result.value : undefined;
      const nextLayer = feature && this.built.has(feature.layerId) ? feature.layerId : undefined;
      if (previousLayer !== undefined && previousLayer !== nextLayer) {
        diffFor(previousLayer).remove.push(id);
        this.placed.delete(id);
      }
      if (feature && nextLayer !== undefined) {
        const geojson = toSourceFeature(feature);
        const propertyKeys = Object.keys(geojson.properties);
        if (previousLayer === nextLayer) {
          // Not `removeAllProperties`: MapLibre then ignores `addOrUpdateProperties` in the same diff.
          const removed = (previous?.propertyKeys ?? []).filter((key) => !(key in geojson.properties));
          diffFor(nextLayer).update.push({
            id,
            newGeometry: geojson.geometry,
            ...(removed.length > 0 ? { removeProperties: removed } : {}),
            addOrUpdateProperties: Object.entries(geojson.properties).map(([key, value]) => ({ key, value })),
          });
        } else {
          diffFor(nextLayer).add.push(geojson);
        }
        this.placed.set(id, { layerId: nextLayer, propertyKeys });
      }
    }
    for (const [layerId, diff] of diffs) {
      const source = this.map.getSource<GeoJSONSource>(sourceIdFor(layerId));
      void source?.updateData(diff).catch((error: unknown) => console.error('Could not update map layer', layerId, error));
    }
  }
}
