import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import turfBbox from '@turf/bbox';
import turfDistance from '@turf/distance';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Geometry } from '@placeboard/board';
import { getProperty, toFiniteNumber } from './properties.js';
import { representativePoint } from './export.js';
import { bboxOf } from './report.js';
import { ImportError, type ParsedImport } from './types.js';

/** Anything with a geometry and properties (ImportedFeature, board features); extra fields are kept. */
export interface AnalysisFeature {
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/** The area name used for points that fall in no area. */
export const OUTSIDE_AREA = 'Outside';

interface PreparedArea {
  label: string;
  polygon: Polygon | MultiPolygon;
}

/** The areas of an analysis, with a spatial index of their bounding boxes (in the areas' order). */
interface PreparedAreas {
  areas: PreparedArea[];
  /** Null when there are no areas (Flatbush needs at least one item). */
  index: Flatbush | null;
}

function prepareAreas(areas: readonly AnalysisFeature[], areaLabel: string): PreparedAreas {
  const prepared: PreparedArea[] = [];
  const boxes: number[][] = [];
  areas.forEach((area, i) => {
    if (area.geometry.type !== 'Polygon' && area.geometry.type !== 'MultiPolygon') return;
    const value = getProperty(area.properties, areaLabel);
    const label = value === undefined || value === null || String(value).trim() === '' ? `Area ${i + 1}` : String(value);
    prepared.push({ label, polygon: area.geometry });
    boxes.push(turfBbox(area.geometry));
  });
  if (prepared.length === 0) return { areas: prepared, index: null };
  const index = new Flatbush(prepared.length);
  for (const [w, s, e, n] of boxes) index.add(w!, s!, e!, n!);
  index.finish();
  return { areas: prepared, index };
}

/**
 * The label of the first area, in the areas' order, that holds `point`, or {@link OUTSIDE_AREA}. Only the areas whose
 * bounding box holds the point are tested (found through the index, not by going through them all: 10,000 points over
 * 2,000 areas took most of a second to count that way).
 */
function areaOf(point: [number, number], { areas, index }: PreparedAreas): string {
  if (!index) return OUTSIDE_AREA;
  const [lon, lat] = point;
  const candidates = index.search(lon, lat, lon, lat).sort((a, b) => a - b);
  for (const i of candidates) {
    const area = areas[i]!;
    if (booleanPointInPolygon(point, area.polygon)) return area.label;
  }
  return OUTSIDE_AREA;
}

/**
 * What an import keeps when only what falls within some areas is wanted (the neighbourhood's LSOAs, say, out of a
 * file for the whole county): the features whose location, a point or else its centroid as {@link countByArea}
 * counts it, is in one of `areas` (Polygon or MultiPolygon). The report counts what was left out under
 * `within`, named `areaName`, and its feature count and bounds follow.
 * @throws ImportError `no_features` when none falls within them.
 */
export function keepWithin(parsed: ParsedImport, areas: readonly AnalysisFeature[], areaName: string): ParsedImport {
  const prepared = prepareAreas(areas, '');
  const kept = parsed.features.filter((feature) => areaOf(representativePoint(feature.geometry), prepared) !== OUTSIDE_AREA);
  if (kept.length === 0) {
    const count = parsed.features.length;
    throw new ImportError('no_features', `Nothing could be imported: none of the ${count} feature${count === 1 ? '' : 's'} in this file falls within ${areaName}.`);
  }
  return {
    features: kept,
    report: { ...parsed.report, featuresImported: kept.length, bbox: bboxOf(kept), within: { area: areaName, leftOut: parsed.features.length - kept.length } },
  };
}

/** Options for {@link countByArea}. */
export interface CountByAreaOptions {
  /** Area property that names each area (case-insensitive), e.g. `area_name`. */
  areaLabel: string;
  /** Point property to split counts by (case-insensitive), e.g. `category`. */
  category?: string;
}

/** One row of a count table. */
export interface AreaCount {
  area: string;
  /** The category value as text, or null when not split or the point has none. */
  category: string | null;
  count: number;
}

/**
 * Counts points per area (e.g. GP practices per locality), optionally per category, with
 * @turf/boolean-point-in-polygon. A point in no area counts under "Outside"; one in overlapping areas
 * counts in the first. Non-point features count at their centroid. Rows come in area order, then
 * category first-seen order. Without `category` every area is listed, with 0 where it has none; with
 * `category` only non-zero rows are listed. Only Polygon/MultiPolygon areas are used.
 */
export function countByArea(
  points: readonly AnalysisFeature[],
  areas: readonly AnalysisFeature[],
  options: CountByAreaOptions,
): AreaCount[] {
  const prepared = prepareAreas(areas, options.areaLabel);
  const order = [...new Set(prepared.areas.map((a) => a.label)), OUTSIDE_AREA];
  const counts = new Map<string, Map<string | null, number>>();
  for (const point of points) {
    const area = areaOf(representativePoint(point.geometry), prepared);
    let category: string | null = null;
    if (options.category !== undefined) {
      const value = getProperty(point.properties, options.category);
      category = value === undefined || value === null || String(value) === '' ? null : String(value);
    }
    const byCategory = counts.get(area) ?? new Map<string | null, number>();
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    counts.set(area, byCategory);
  }
  const rows: AreaCount[] = [];
  for (const area of order) {
    const byCategory = counts.get(area);
    if (!byCategory) {
      if (options.category === undefined && area !== OUTSIDE_AREA) rows.push({ area, category: null, count: 0 });
      continue;
    }
    for (const [category, count] of byCategory) rows.push({ area, category, count });
  }
  return rows;
}

/** Options for {@link sumByArea}. */
export interface SumByAreaOptions {
  /** Area property that names each area (case-insensitive). */
  areaLabel: string;
  /** Numeric point property to add up (case-insensitive), e.g. `registered_patients`. */
  value: string;
}

/** One row of a sum table: the total and how many points had a number to add. */
export interface AreaSum {
  area: string;
  total: number;
  counted: number;
}

/**
 * Sums a numeric property of points per area (e.g. registered patients per locality). Numbers and
 * numeric text count; missing or non-numeric values are left out of both `total` and `counted`. Every
 * area is listed in order (0 when empty), then "Outside" when any point falls in no area.
 */
export function sumByArea(
  points: readonly AnalysisFeature[],
  areas: readonly AnalysisFeature[],
  options: SumByAreaOptions,
): AreaSum[] {
  const prepared = prepareAreas(areas, options.areaLabel);
  const sums = new Map<string, AreaSum>();
  for (const label of prepared.areas.map((a) => a.label)) {
    if (!sums.has(label)) sums.set(label, { area: label, total: 0, counted: 0 });
  }
  for (const point of points) {
    const area = areaOf(representativePoint(point.geometry), prepared);
    const row = sums.get(area) ?? { area, total: 0, counted: 0 };
    sums.set(area, row);
    const value = toFiniteNumber(getProperty(point.properties, options.value));
    if (value === undefined) continue;
    row.total += value;
    row.counted += 1;
  }
  const outside = sums.get(OUTSIDE_AREA);
  sums.delete(OUTSIDE_AREA);
  return outside ? [...sums.values(), outside] : [...sums.values()];
}

/** A feature found near a point and its straight-line distance. */
export interface NearbyFeature<F> {
  feature: F;
  metres: number;
}

/**
 * Features within `metres` of `centre` (`[lon, lat]`), nearest first, by straight-line (great-circle)
 * distance with @turf/distance. Lines and polygons are measured at their centroid.
 */
export function withinDistance<F extends AnalysisFeature>(
  centre: [number, number],
  features: readonly F[],
  metres: number,
): NearbyFeature<F>[] {
  return features
    .map((feature) => ({ feature, metres: turfDistance(centre, representativePoint(feature.geometry), { units: 'meters' }) }))
    .filter((found) => found.metres <= metres)
    .sort((a, b) => a.metres - b.metres);
}
