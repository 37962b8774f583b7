import turfBbox from '@turf/bbox';
import type { FeatureCollection } from 'geojson';
import type { Geometry, LayerKind } from '@placeboard/board';
import { ImportError, type SkipReason, type ImportFormat, type ImportedFeature, type ParsedImport, type SkippedRow } from './types.js';
import { checkGeometry } from './validate.js';

/** How many skipped rows a report lists; `skippedCount` always counts them all. */
export const MAX_LISTED_SKIPS = 100;

/** One feature as a reader produced it, before its geometry is checked. */
export interface CandidateFeature {
  /** 0-based feature index, or 1-based data row for CSV. */
  index: number;
  geometry: unknown;
  properties: Record<string, unknown>;
  /** Set when the reader already knows the entry cannot be imported. */
  problem?: { reason: SkipReason; detail: string };
}

/** An ONS/GSS statistical code such as E01006074 (LSOA) or E08000009 (local authority). */
const GSS_CODE = /^[EWSNK]\d{8}$/;
/** Keys that name or code an area: area_code, lsoa11cd, LAD19CD, area_name, LSOA11NM, name... */
const IDENTIFIER_KEY = /(cd|code|nm|name)$/i;

function isPolygonal(geometry: Geometry): boolean {
  return geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
}

function isPointLike(geometry: Geometry): boolean {
  return geometry.type === 'Point' || geometry.type === 'MultiPoint';
}

/**
 * The layer kind a set of features looks like:
 * - every feature a point → `assets`;
 * - every feature a polygon → `boundary` when one property identifies each area uniquely (every
 *   feature has it, no two share a value) and is either an ONS code (E01006074) or a code/name key
 *   (`area_code`, `lsoa11cd`, `LAD19CD`, `area_name`, `name`...) — LSOAs, wards, localities, local
 *   authorities; otherwise `areas` (greenspace sites and hospital footprints repeat their
 *   `area_code`, so they are areas);
 * - lines or a mix → `drawing`.
 * `indicator` is never suggested here: it comes from joining a table of values (see `joinTable`).
 */
export function suggestLayerKind(features: readonly ImportedFeature[]): LayerKind {
  if (features.length === 0) return 'drawing';
  if (features.every((f) => isPointLike(f.geometry))) return 'assets';
  if (!features.every((f) => isPolygonal(f.geometry))) return 'drawing';
  const first = features[0];
  if (!first) return 'areas';
  for (const key of Object.keys(first.properties)) {
    const seen = new Set<string>();
    let identifies = true;
    let allCodes = true;
    for (const feature of features) {
      const value = feature.properties[key];
      if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
        identifies = false;
        break;
      }
      const text = String(value).trim().toLowerCase();
      if (seen.has(text)) {
        identifies = false;
        break;
      }
      seen.add(text);
      if (!GSS_CODE.test(String(value).trim())) allCodes = false;
    }
    if (identifies && (allCodes || IDENTIFIER_KEY.test(key.trim()))) return 'boundary';
  }
  return 'areas';
}

function propertyNames(features: readonly ImportedFeature[]): string[] {
  const names = new Set<string>();
  for (const feature of features) for (const key of Object.keys(feature.properties)) names.add(key);
  return [...names];
}

/** [west, south, east, north] of some features (at least one). */
export function bboxOf(features: readonly ImportedFeature[]): [number, number, number, number] {
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: f.properties })),
  };
  const box = turfBbox(collection);
  return box.length === 6 ? [box[0], box[1], box[3], box[4]] : [box[0], box[1], box[2], box[3]];
}

/** Options for {@link assembleImport}. */
export interface AssembleOptions {
  format: ImportFormat;
  /** Rows the reader already left out (e.g. CSV rows without coordinates). */
  skipped?: SkippedRow[];
  /** Property names in column order, when the format has a header (CSV); otherwise first-seen order. */
  properties?: string[];
  /** How coordinates were read (CSV). */
  coordinates?: string;
}

/**
 * Checks every candidate's geometry, keeps the good ones and builds the report.
 * @throws ImportError `no_features` when nothing at all could be imported, with the first reason.
 */
export function assembleImport(candidates: readonly CandidateFeature[], options: AssembleOptions): ParsedImport {
  const skipped: SkippedRow[] = [...(options.skipped ?? [])];
  const features: ImportedFeature[] = [];
  for (const candidate of candidates) {
    const check = candidate.problem ? { ok: false as const, ...candidate.problem } : checkGeometry(candidate.geometry);
    if (check.ok) features.push({ geometry: check.geometry, properties: candidate.properties });
    else skipped.push({ index: candidate.index, reason: check.reason, detail: check.detail });
  }
  skipped.sort((a, b) => a.index - b.index);
  if (features.length === 0) {
    const first = skipped[0];
    const unit = options.format === 'csv' ? 'row' : 'feature';
    throw new ImportError(
      'no_features',
      first
        ? `Nothing could be imported: all ${skipped.length} ${unit}${skipped.length === 1 ? ' was' : 's were'} left out. The first (${unit} ${first.index}): ${first.detail}.`
        : 'Nothing could be imported: the file has no features.',
    );
  }
  const bbox = bboxOf(features);
  return {
    features,
    report: {
      format: options.format,
      featuresImported: features.length,
      skipped: skipped.slice(0, MAX_LISTED_SKIPS),
      skippedCount: skipped.length,
      properties: options.properties ?? propertyNames(features),
      suggestedKind: suggestLayerKind(features),
      ...(options.coordinates === undefined ? {} : { coordinates: options.coordinates }),
      bbox,
    },
  };
}
