import type * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { canvasSelectionOf, featureToGeoJSON, getFeature, getRoots, linkedFeatureIds } from '@placeboard/board';
import { OVERLAY_LAYER_PREFIX } from './board-map-layers';

const SOURCE_ID = `${OVERLAY_LAYER_PREFIX}selection`;
const HALO = '#ffb81c';

/**
 * Highlights on the map the features linked to the outcome cards this person has selected on the canvas (their
 * own selection, read from their local presence): a warm halo under the feature's own symbol. The element
 * `data-highlighted` on the map container counts them, for tests and assistive summaries.
 */
export class SelectionHighlights {
  private readonly roots;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly doc: Y.Doc,
    private readonly awareness: Awareness,
    private readonly onChange: (featureIds: string[]) => void,
  ) {
    this.roots = getRoots(doc);
    map.addSource(SOURCE_ID, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: `${SOURCE_ID}-fill`,
      type: 'fill',
      source: SOURCE_ID,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': HALO, 'fill-opacity': 0.35 },
    });
    map.addLayer({
      id: `${SOURCE_ID}-line`,
      type: 'line',
      source: SOURCE_ID,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': HALO, 'line-width': 6, 'line-opacity': 0.9 },
    });
    map.addLayer({
      id: `${SOURCE_ID}-circle`,
      type: 'circle',
      source: SOURCE_ID,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 13, 'circle-color': HALO, 'circle-opacity': 0.55, 'circle-stroke-width': 2, 'circle-stroke-color': '#212b32' },
    });
    awareness.on('change', this.refresh);
    this.roots.canvas.observeDeep(this.refresh);
    this.roots.features.observeDeep(this.refresh);
    this.refresh();
  }

  destroy(): void {
    this.awareness.off('change', this.refresh);
    this.roots.canvas.unobserveDeep(this.refresh);
    this.roots.features.unobserveDeep(this.refresh);
    try {
      for (const suffix of ['fill', 'line', 'circle']) {
        if (this.map.getLayer(`${SOURCE_ID}-${suffix}`)) this.map.removeLayer(`${SOURCE_ID}-${suffix}`);
      }
      if (this.map.getSource(SOURCE_ID)) this.map.removeSource(SOURCE_ID);
    } catch {
      // The map is gone.
    }
  }

  private lastKey = '';

  private readonly refresh = (): void => {
    const selected = canvasSelectionOf(this.awareness.getLocalState());
    const ids = linkedFeatureIds(this.doc, selected);
    const features = ids.flatMap((id) => {
      const result = getFeature(this.doc, id);
      return result?.ok ? [featureToGeoJSON(result.value)] : [];
    });
    const key = JSON.stringify(features);
    if (key === this.lastKey) return;
    this.lastKey = key;
    // A small overlay of its own, not a board layer: replacing it whole is fine.
    this.map.getSource<GeoJSONSource>(SOURCE_ID)?.setData({ type: 'FeatureCollection', features });
    this.onChange(ids);
  };
}
