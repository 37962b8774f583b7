import { featureToGeoJSON, getBoardMeta, listFeatures, listLayers, type Geometry, type MapLayer } from '@placeboard/board';
import type { ImportedFeature } from '@placeboard/geo';
import type * as Y from 'yjs';
import { MapChangeRefused } from './errors.js';

/** A GeoJSON Feature as exported: its id is the board's feature id. */
export interface ExportedFeature {
  type: 'Feature';
  id: string;
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/** What an export of one layer or of the whole board holds. */
export interface BoardExport {
  collection: { type: 'FeatureCollection'; name: string; features: ExportedFeature[] };
  /** The layer exported, when one was asked for. */
  layer: MapLayer | undefined;
  /** A file name without extension that is safe in any file system and in a Content-Disposition header. */
  fileBaseName: string;
}

/** The layer with `id`, or {@link MapChangeRefused} `layer_not_found`. */
export function findLayer(doc: Y.Doc, id: string): MapLayer {
  const found = listLayers(doc).find((r) => r.ok && r.value.id === id);
  if (!found || !found.ok) throw new MapChangeRefused('layer_not_found', `This board has no layer with id ${id}.`);
  return found.value;
}

/**
 * The features of one layer, or of every layer (bottom layer first), as a GeoJSON FeatureCollection. A layer's
 * export holds its features exactly as stored, so importing it gives the same features back. A whole-board export
 * also names each feature's layer in a `layer` property, unless the feature has a `layer` property of its own.
 * Records that fail validation are left out.
 */
export function exportFeatures(doc: Y.Doc, layerId?: string): BoardExport {
  if (layerId !== undefined) {
    const layer = findLayer(doc, layerId);
    const features = listFeatures(doc, layer.id).flatMap((r) => (r.ok ? [featureToGeoJSON(r.value)] : []));
    return { collection: { type: 'FeatureCollection', name: layer.name, features }, layer, fileBaseName: safeFileName(layer.name) };
  }
  const title = getBoardMeta(doc).title;
  const features: ExportedFeature[] = [];
  for (const result of listLayers(doc)) {
    if (!result.ok) continue;
    const layer = result.value;
    for (const feature of listFeatures(doc, layer.id)) {
      if (!feature.ok) continue;
      const out = featureToGeoJSON(feature.value);
      if (!('layer' in out.properties)) out.properties.layer = layer.name;
      features.push(out);
    }
  }
  return { collection: { type: 'FeatureCollection', name: title, features }, layer: undefined, fileBaseName: safeFileName(title) };
}

/** The features of a layer as the importer's plain features (geometry and properties), e.g. for CSV. */
export function layerFeatures(doc: Y.Doc, layerId: string): { layer: MapLayer; features: ImportedFeature[] } {
  const layer = findLayer(doc, layerId);
  const features = listFeatures(doc, layer.id).flatMap((r) =>
    r.ok ? [{ geometry: r.value.geometry, properties: { ...r.value.properties } }] : [],
  );
  return { layer, features };
}

/** "GP practices (Jan 2026)" → "GP-practices-Jan-2026": letters, digits, dot, dash and underscore only. */
export function safeFileName(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return safe || 'placeboard-export';
}
