import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type * as Y from 'yjs';
import { featureToGeoJSON, getRoots, listFeatures, listLayers, type MapLayer } from '@placeboard/board';
import { FEATURE_ID_PROPERTY } from '../map/board-map-layers';
import { layerSignature, sourceIdFor, styleLayersFor } from '../map/layer-style';

/** The layers of a saved view that still exist, in the board's layer order (bottom first). */
export function viewLayers(doc: Y.Doc, layerIds: readonly string[]): MapLayer[] {
  const wanted = new Set(layerIds);
  return listLayers(doc).flatMap((r) => (r.ok && wanted.has(r.value.id) ? [r.value] : []));
}

function featureCollection(doc: Y.Doc, layerId: string) {
  const features = listFeatures(doc, layerId).flatMap((r) => {
    if (!r.ok) return [];
    const geojson = featureToGeoJSON(r.value);
    geojson.properties[FEATURE_ID_PROPERTY] = r.value.id;
    return [geojson];
  });
  return { type: 'FeatureCollection' as const, features };
}

/**
 * Draws the layers of a saved map view on a slide's map, styled as the Map pane draws them (`styleLayersFor`),
 * whether or not a layer is shown on the board's own map right now. It follows the doc: a restyled layer is rebuilt,
 * and feature edits reset its source's data (batched per change; a slide's map is small and edits while presenting
 * are rare, so the Map pane's partial `updateData` diffs are not needed here).
 */
export class ViewLayers {
  private readonly built = new Map<string, { signature: string; styleLayerIds: string[] }>();
  private readonly roots;
  private pending = false;
  private started = false;

  constructor(
    private readonly map: MapLibreMap,
    private readonly doc: Y.Doc,
    private readonly layerIds: readonly string[],
  ) {
    this.roots = getRoots(doc);
  }

  /** Draws the view's layers and starts following the doc. Call once the map's style has loaded. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.roots.layers.observeDeep(this.onChange);
    this.roots.features.observeDeep(this.onChange);
    this.sync(true);
  }

  /** Stops following the doc and removes the layers (if the map is still alive). */
  destroy(): void {
    if (!this.started) return;
    this.started = false;
    this.roots.layers.unobserveDeep(this.onChange);
    this.roots.features.unobserveDeep(this.onChange);
    try {
      for (const layerId of [...this.built.keys()]) this.remove(layerId);
    } catch {
      // The map went first.
    }
  }

  private readonly onChange = (): void => {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.started) this.sync(false);
    });
  };

  private sync(first: boolean): void {
    const layers = viewLayers(this.doc, this.layerIds);
    const ids = new Set(layers.map((l) => l.id as string));
    for (const layerId of [...this.built.keys()]) if (!ids.has(layerId)) this.remove(layerId);
    for (const layer of layers) {
      const built = this.built.get(layer.id);
      if (built && built.signature !== layerSignature(layer)) this.remove(layer.id);
      if (!this.built.has(layer.id)) this.add(layer);
      else if (!first) this.map.getSource<GeoJSONSource>(sourceIdFor(layer.id))?.setData(featureCollection(this.doc, layer.id));
    }
    // Board order: each moved to the top in turn.
    for (const layer of layers) for (const id of this.built.get(layer.id)?.styleLayerIds ?? []) this.map.moveLayer(id);
  }

  private add(layer: MapLayer): void {
    this.map.addSource(sourceIdFor(layer.id), {
      type: 'geojson',
      data: featureCollection(this.doc, layer.id),
      ...(layer.attribution ? { attribution: layer.attribution } : {}),
    });
    const styleLayers = styleLayersFor(layer);
    for (const styleLayer of styleLayers) this.map.addLayer(styleLayer);
    this.built.set(layer.id, { signature: layerSignature(layer), styleLayerIds: styleLayers.map((l) => l.id) });
  }

  private remove(layerId: string): void {
    const built = this.built.get(layerId);
    if (!built) return;
    for (const id of built.styleLayerIds) if (this.map.getLayer(id)) this.map.removeLayer(id);
    if (this.map.getSource(sourceIdFor(layerId))) this.map.removeSource(sourceIdFor(layerId));
    this.built.delete(layerId);
  }
}
