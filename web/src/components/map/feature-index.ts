import type * as Y from 'yjs';
import { featuresByLayer, listLayers, type Geometry, type LayerKind, type MapFeature } from '@placeboard/board';
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

/** What an entry takes from its feature alone. */
type FeatureFacts = Pick<FeatureEntry, 'name' | 'named' | 'bbox' | 'anchor'>;

/**
 * Kept per feature read: a feature's read is the same object until the feature changes (`getFeature`), so the
 * index, read again on every change to any feature, works out names and boxes only for what changed.
 */
const factsByFeature = new WeakMap<MapFeature, FeatureFacts>();

function factsOf(feature: MapFeature): FeatureFacts {
  let facts = factsByFeature.get(feature);
  if (!facts) {
    const name = featureName(feature.properties);
    facts = {
      name: name ?? `Unnamed ${geometryLabel(feature.geometry)}`,
      named: name !== undefined,
      bbox: geometryBbox(feature.geometry),
      anchor: anchorOf(feature.geometry),
    };
    factsByFeature.set(feature, facts);
  }
  return facts;
}

/** Every readable feature of every readable layer, in layer order (top first) then by name. */
export function readFeatureIndex(doc: Y.Doc): FeatureEntry[] {
  const out: FeatureEntry[] = [];
  const layers = listLayers(doc).flatMap((r) => (r.ok ? [r.value] : [])).reverse();
  const byLayer = featuresByLayer(doc);
  for (const layer of layers) {
    const inLayer: FeatureEntry[] = [];
    for (const feature of byLayer.get(layer.id) ?? []) {
      const { name, named, bbox, anchor } = factsOf(feature);
      inLayer.push({
        id: feature.id,
        name,
        named,
        layerId: layer.id,
        layerName: layer.name,
        layerKind: layer.kind,
        layerVisible: layer.visible,
        colour: layer.style.colour,
        geometry: feature.geometry,
        properties: feature.properties,
        bbox,
        anchor,
      });
    }
    out.push(...inLayer.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return out;
}
