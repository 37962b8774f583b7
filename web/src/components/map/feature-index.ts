import type * as Y from 'yjs';
import { listFeatures, listLayers, type Geometry, type LayerKind } from '@placeboard/board';
import { getProperty } from '@placeboard/geo';
import { anchorOf, geometryBbox, geometryLabel, type Bbox } from '../../lib/geometry';

/** A feature's name: its `name` property, matched case-insensitively (`Name`, `NAME`), when it is not blank. */
export function featureName(properties: Record<string, unknown>): string | undefined {
  const value = getProperty(properties, 'name');
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** One feature as the search, the list of features in view and the analysis see it. */
export interface FeatureEntry {
  id: string;
  /** Its name, or "Unnamed point/line/area". */
  name: string;
  named: boolean;
  layerId: string;
  layerName: string;
  layerKind: LayerKind;
  layerVisible: boolean;
  colour: string;
  geometry: Geometry;
  properties: Record<string, unknown>;
  bbox: Bbox | null;
  anchor: [number, number] | null;
}

/** Every readable feature of every readable layer, in layer order (top first) then by name. */
export function readFeatureIndex(doc: Y.Doc): FeatureEntry[] {
  const out: FeatureEntry[] = [];
  const layers = listLayers(doc).flatMap((r) => (r.ok ? [r.value] : [])).reverse();
  for (const layer of layers) {
    const inLayer: FeatureEntry[] = [];
    for (const result of listFeatures(doc, layer.id)) {
      if (!result.ok) continue;
      const feature = result.value;
      const name = featureName(feature.properties);
      inLayer.push({
        id: feature.id,
        name: name ?? `Unnamed ${geometryLabel(feature.geometry)}`,
        named: name !== undefined,
        layerId: layer.id,
        layerName: layer.name,
        layerKind: layer.kind,
        layerVisible: layer.visible,
        colour: layer.style.colour,
        geometry: feature.geometry,
        properties: feature.properties,
        bbox: geometryBbox(feature.geometry),
        anchor: anchorOf(feature.geometry),
      });
    }
    out.push(...inLayer.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return out;
}
