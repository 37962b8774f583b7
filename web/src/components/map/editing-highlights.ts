import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { editingFeatureOf, getFeature, getRoots, featureToGeoJSON } from '@placeboard/board';
import { anchorOf } from '../../lib/geometry';
import { isYourKey } from '../presence-order';
import { OVERLAY_LAYER_PREFIX } from './board-map-layers';

const SOURCE_ID = `${OVERLAY_LAYER_PREFIX}editing`;

/** Who else is editing which feature, read from awareness. */
export interface RemoteEditor {
  clientId: number;
  name: string;
  colour: string;
  featureId: string;
  /** True when it is you, in another tab or window: its presence key is yours. */
  isYou: boolean;
}

/**
 * Every tab but this one that is editing a feature. A tab of your own (its presence key is `selfKey`, see
 * `BoardAccessState.presenceKey`) is marked, so that it reads as you and not as someone with your name.
 */
export function remoteEditors(awareness: Awareness, selfKey: string | null): RemoteEditor[] {
  const out: RemoteEditor[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const featureId = editingFeatureOf(state);
    const user = (state as { user?: { name?: unknown; color?: unknown; key?: unknown } }).user;
    if (!featureId || typeof user?.name !== 'string') continue;
    out.push({
      clientId,
      name: user.name,
      colour: typeof user.color === 'string' ? user.color : '#212b32',
      featureId,
      isYou: isYourKey(user.key, selfKey),
    });
  }
  return out;
}

/** The label of a feature someone is editing: "<name> is editing", or, for a tab of your own, that it is you. */
export function editingLabel(editor: Pick<RemoteEditor, 'name' | 'isYou'>): string {
  return editor.isYou ? 'You are editing in another tab' : `${editor.name} is editing`;
}

/**
 * Outlines the features others are editing in their presence colour, with a "<name> is editing" label
 * beside each ("You are editing in another tab" for your own) (a DOM marker: the offline basemap has no font glyphs for map labels). A small overlay
 * source of its own, above the board layers.
 */
export class EditingHighlights {
  private readonly markers = new Map<string, maplibregl.Marker>();
  private readonly features;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly doc: Y.Doc,
    private readonly awareness: Awareness,
    /** Your presence key, to tell your other tabs from other people (see {@link remoteEditors}). */
    private readonly selfKey: string | null,
  ) {
    this.features = getRoots(doc).features;
    map.addSource(SOURCE_ID, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: `${SOURCE_ID}-line`,
      type: 'line',
      source: SOURCE_ID,
      paint: { 'line-color': ['get', 'colour'], 'line-width': 4, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: `${SOURCE_ID}-circle`,
      type: 'circle',
      source: SOURCE_ID,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-width': 3, 'circle-stroke-color': ['get', 'colour'] },
    });
    awareness.on('change', this.refresh);
    this.features.observeDeep(this.refresh);
    this.refresh();
  }

  destroy(): void {
    this.awareness.off('change', this.refresh);
    this.features.unobserveDeep(this.refresh);
    for (const marker of this.markers.values()) marker.remove();
    this.markers.clear();
    try {
      for (const id of [`${SOURCE_ID}-line`, `${SOURCE_ID}-circle`]) if (this.map.getLayer(id)) this.map.removeLayer(id);
      if (this.map.getSource(SOURCE_ID)) this.map.removeSource(SOURCE_ID);
    } catch {
      // The map is gone.
    }
  }

  /** What the overlay last showed (see {@link refresh}). */
  private lastKey = '';

  /**
   * Runs on every presence message, and in a full room they come every tick: the overlay and labels are redrawn only
   * when who edits what, or its geometry, has changed, not whenever someone moves their pointer.
   */
  private readonly refresh = (): void => {
    const editing = remoteEditors(this.awareness, this.selfKey).flatMap((editor) => {
      const result = getFeature(this.doc, editor.featureId);
      return result?.ok ? [{ editor, feature: result.value }] : [];
    });
    const key = JSON.stringify(editing);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const features = [];
    const seen = new Set<string>();
    for (const { editor, feature } of editing) {
      const geojson = featureToGeoJSON(feature);
      features.push({ ...geojson, properties: { colour: editor.colour, name: editor.name } });
      const key = `${editor.clientId}`;
      seen.add(key);
      const anchor = anchorOf(feature.geometry);
      if (!anchor) continue;
      let marker = this.markers.get(key);
      if (!marker) {
        const element = document.createElement('div');
        element.className = 'editing-label';
        element.setAttribute('data-testid', 'editing-label');
        marker = new maplibregl.Marker({ element, anchor: 'bottom', offset: [0, -14] });
        this.markers.set(key, marker);
        marker.setLngLat(anchor).addTo(this.map);
      }
      const element = marker.getElement();
      element.textContent = editingLabel(editor);
      element.style.borderColor = editor.colour;
      element.style.color = editor.colour;
      element.dataset.featureId = editor.featureId;
      marker.setLngLat(anchor);
    }
    for (const [key, marker] of [...this.markers]) {
      if (!seen.has(key)) {
        marker.remove();
        this.markers.delete(key);
      }
    }
    // A tiny overlay of its own, not a board layer: replacing it whole is fine.
    this.map.getSource<GeoJSONSource>(SOURCE_ID)?.setData({ type: 'FeatureCollection', features });
  };
}
