import type { ExpressionSpecification, GeoJSONSource, GeoJSONSourceDiff, Map as MapLibreMap } from 'maplibre-gl';
import type * as Y from 'yjs';
import { getContribution, getRoots, listContributions, type CommunityContribution } from '@placeboard/board';
import { contributionLayers } from './community-style';

/** Source and style-layer id of the "Community knowledge" layer on the board map. Not `pb-`: it is no board layer. */
export const COMMUNITY_LAYER_ID = 'community-knowledge';
/** The style layer of the points' white centres, drawn over them (see `contributionLayers`). */
const CENTRE_LAYER_ID = `${COMMUNITY_LAYER_ID}-centre`;
/** What the board calls the layer. */
export const COMMUNITY_LAYER_NAME = 'Community knowledge';

/** Style layers above the board layers (terra-draw, highlights) start with this (see board-map-layers.ts). */
const OVERLAY_LAYER_PREFIX = 'pb-overlay-';

type ContributionFeature = {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { id: string; category: string; text: string };
};

function toFeature(contribution: CommunityContribution): ContributionFeature | undefined {
  if (contribution.status !== 'published' || !contribution.point) return undefined;
  const [lng, lat] = contribution.point;
  return {
    type: 'Feature',
    id: contribution.id,
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: { id: contribution.id, category: contribution.category, text: contribution.text },
  };
}

/**
 * The published contribution drawn under `point` (screen pixels, with a few pixels' slack for a finger or an unsteady
 * hand), or null: what a click on the board map opens before any board feature under it.
 */
export function contributionAt(map: MapLibreMap, point: { x: number; y: number }): string | null {
  const layers = [COMMUNITY_LAYER_ID, CENTRE_LAYER_ID].filter((id) => map.getLayer(id));
  if (layers.length === 0) return null;
  const { x, y } = point;
  const hits = map.queryRenderedFeatures(
    [
      [x - 5, y - 5],
      [x + 5, y + 5],
    ],
    { layers },
  );
  const id = hits.map((hit) => hit.properties?.id).find((value): value is string => typeof value === 'string');
  return id ?? null;
}

/**
 * Keeps the board map showing published community contributions as one "Community knowledge" layer, above the board's
 * own layers and under the drawing overlays. Built once from the `community` root; after that each change reaches the
 * map as a partial `updateData` diff (a contribution published, hidden, moved or deleted), never a full `setData`.
 */
export class CommunityMapLayer {
  private readonly shown = new Set<string>();
  private started = false;
  private readonly roots;

  constructor(
    private readonly map: MapLibreMap,
    private readonly doc: Y.Doc,
  ) {
    this.roots = getRoots(doc);
  }

  /** Draws the layer and starts following the doc. Call once the map's style has loaded (after the board layers). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const features = listContributions(this.doc, { status: 'published' }).flatMap((r) => {
      const feature = r.ok ? toFeature(r.value) : undefined;
      return feature ? [feature] : [];
    });
    for (const feature of features) this.shown.add(feature.id);
    this.map.addSource(COMMUNITY_LAYER_ID, { type: 'geojson', data: { type: 'FeatureCollection', features } });
    const radius = {
      point: ['interpolate', ['linear'], ['zoom'], 9, 5, 14, 9] as ExpressionSpecification,
      centre: ['interpolate', ['linear'], ['zoom'], 9, 1.5, 14, 3] as ExpressionSpecification,
    };
    const before = this.overlayBeforeId();
    for (const layer of contributionLayers(COMMUNITY_LAYER_ID, COMMUNITY_LAYER_ID, radius)) {
      this.map.addLayer({ ...layer, metadata: { name: COMMUNITY_LAYER_NAME } }, before);
    }
    this.roots.community.observeDeep(this.onCommunityChanged);
    // Board layers are moved under the overlays whenever they change; this layer then goes back on top of them.
    this.roots.layers.observeDeep(this.keepOnTop);
  }

  /** Stops following the doc and removes the layer (if the map is still alive). */
  destroy(): void {
    if (!this.started) return;
    this.started = false;
    this.roots.community.unobserveDeep(this.onCommunityChanged);
    this.roots.layers.unobserveDeep(this.keepOnTop);
    try {
      for (const id of [CENTRE_LAYER_ID, COMMUNITY_LAYER_ID]) if (this.map.getLayer(id)) this.map.removeLayer(id);
      if (this.map.getSource(COMMUNITY_LAYER_ID)) this.map.removeSource(COMMUNITY_LAYER_ID);
    } catch {
      // The map was removed first.
    }
  }

  private overlayBeforeId(): string | undefined {
    return this.map.getStyle()?.layers?.find((l) => l.id.startsWith(OVERLAY_LAYER_PREFIX))?.id;
  }

  private readonly keepOnTop = (): void => {
    const before = this.overlayBeforeId();
    for (const id of [COMMUNITY_LAYER_ID, CENTRE_LAYER_ID]) if (this.map.getLayer(id)) this.map.moveLayer(id, before);
  };

  private readonly onCommunityChanged = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const changed = new Set<string>();
    for (const event of events) {
      if (event.target === this.roots.community) for (const key of event.changes.keys.keys()) changed.add(key);
      else if (typeof event.path[0] === 'string') changed.add(event.path[0]);
    }
    const diff: Required<Pick<GeoJSONSourceDiff, 'add' | 'update' | 'remove'>> = { add: [], update: [], remove: [] };
    for (const id of changed) {
      const result = getContribution(this.doc, id);
      const feature = result?.ok ? toFeature(result.value) : undefined;
      if (!feature) {
        if (this.shown.delete(id)) diff.remove.push(id);
      } else if (this.shown.has(id)) {
        diff.update.push({
          id,
          newGeometry: feature.geometry,
          addOrUpdateProperties: Object.entries(feature.properties).map(([key, value]) => ({ key, value })),
        });
      } else {
        this.shown.add(id);
        diff.add.push(feature);
      }
    }
    if (diff.add.length + diff.update.length + diff.remove.length === 0) return;
    const source = this.map.getSource<GeoJSONSource>(COMMUNITY_LAYER_ID);
    void source?.updateData(diff).catch((error: unknown) => console.error('Could not update the community layer', error));
  };
}
