import {
  COMMUNITY_CATEGORIES,
  COMMUNITY_CATEGORY_LABELS,
  CONTRIBUTION_TEXT_MAX,
  featureToGeoJSON,
  getBoardMeta,
  listFeatures,
  listLayers,
  publishedContributions,
  type CommunityCategory,
  type Geometry,
  type LayerKind,
  type PublicContribution,
  type Viewport,
} from '@placeboard/board';
import type * as Y from 'yjs';

/** `[west, south, east, north]` in degrees. */
export type Bounds = [number, number, number, number];

/** A layer an editor published on the community page, with its features as GeoJSON. */
export interface PublicLayer {
  id: string;
  name: string;
  kind: LayerKind;
  colour: string;
  source?: string;
  attribution?: string;
  data: { type: 'FeatureCollection'; features: ReturnType<typeof featureToGeoJSON>[] };
}

/**
 * What `GET /api/community/:token` answers: everything the community page shows, and nothing else. Only layers marked
 * `published` and contributions a moderator published are in it; no record says who made it.
 */
export interface CommunityBoardView {
  title: string;
  /** The categories a post may take, in the order to offer them. */
  categories: { id: CommunityCategory; label: string; hint: string }[];
  /** Longest text a post may have, in characters (UTF-16 code units, as a textarea counts them). */
  maxTextLength: number;
  /** The board's saved map view, or null when it has none. */
  viewport: Viewport | null;
  /** The extent of the published layers and contributions, or null when there is nothing on the map. */
  bounds: Bounds | null;
  /** Attribution lines of the board's data. */
  attribution: string[];
  /** Published layers, bottom first. */
  layers: PublicLayer[];
  /** Published contributions, newest first. */
  contributions: PublicContribution[];
}

/** Builds the public view of a board for its community page (see {@link CommunityBoardView}). */
export function communityBoardView(doc: Y.Doc): CommunityBoardView {
  const meta = getBoardMeta(doc);
  const extent = new Extent();
  const layers: PublicLayer[] = [];
  for (const result of listLayers(doc)) {
    if (!result.ok || !result.value.published) continue;
    const layer = result.value;
    const features = listFeatures(doc, layer.id).flatMap((f) => (f.ok ? [featureToGeoJSON(f.value)] : []));
    for (const feature of features) extent.addGeometry(feature.geometry);
    layers.push({
      id: layer.id,
      name: layer.name,
      kind: layer.kind,
      colour: layer.style.colour,
      ...(layer.source ? { source: layer.source } : {}),
      ...(layer.attribution ? { attribution: layer.attribution } : {}),
      data: { type: 'FeatureCollection', features },
    });
  }
  const contributions = publishedContributions(doc);
  for (const contribution of contributions) if (contribution.point) extent.add(contribution.point);
  return {
    title: meta.title,
    categories: COMMUNITY_CATEGORIES.map((id) => ({ id, ...COMMUNITY_CATEGORY_LABELS[id] })),
    maxTextLength: CONTRIBUTION_TEXT_MAX,
    viewport: meta.viewport ?? null,
    bounds: extent.bounds(),
    attribution: meta.attribution ?? [],
    layers,
    contributions,
  };
}

/** The bounding box of the positions added to it. */
class Extent {
  private west = Infinity;
  private south = Infinity;
  private east = -Infinity;
  private north = -Infinity;

  add(position: readonly number[]): void {
    const [lng, lat] = position;
    if (lng === undefined || lat === undefined) return;
    this.west = Math.min(this.west, lng);
    this.east = Math.max(this.east, lng);
    this.south = Math.min(this.south, lat);
    this.north = Math.max(this.north, lat);
  }

  addGeometry(geometry: Geometry): void {
    const walk = (value: unknown): void => {
      if (!Array.isArray(value)) return;
      if (typeof value[0] === 'number') this.add(value as number[]);
      else for (const inner of value) walk(inner);
    };
    walk(geometry.coordinates);
  }

  bounds(): Bounds | null {
    return Number.isFinite(this.west) ? [this.west, this.south, this.east, this.north] : null;
  }
}
