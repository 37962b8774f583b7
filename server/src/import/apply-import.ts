import { addFeatures, addLayer, listFeatures, listLayers, nextLayerColour, type Author, type LayerKind, type NewMapFeature } from '@placeboard/board';
import { keepWithin, type ParsedImport } from '@placeboard/geo';
import type * as Y from 'yjs';
import { MapChangeRefused } from './errors.js';


/** Where and how {@link applyImport} puts the features of a parsed file. */
export interface ImportTarget {
  /** Name of the imported file; the default layer name and source are made from it. */
  fileName: string;
  /** Add to this existing layer (its name, kind and style are left as they are). */
  layerId?: string;
  /** Name of the new layer. @default the file name without its extension */
  layerName?: string;
  /** Kind of the new layer. @default the importer's `report.suggestedKind` */
  kind?: LayerKind;
  /** Where the data came from, e.g. "NHS ODS, Jan 2026". @default "Imported from <file name>, <date>" */
  source?: string;
}

/** Longest layer name and source the layer schema accepts. */
const MAX_NAME = 200;
const MAX_SOURCE = 500;

/** The layer name a file gives when none is asked for: its name without folders or extension. */
export function layerNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/\.[^.]*$/, '').trim();
  return (name || 'Imported layer').slice(0, MAX_NAME);
}

/** "12 Mar 2026": the date as people in the UK write it. */
export function ukDate(time: number): string {
  return new Date(time).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * A parsed import cut down to the features that fall within the areas of the board's layer `layerId` (see
 * keepWithin): a boundary or areas layer, such as the neighbourhood's LSOAs. Throws {@link MapChangeRefused} when
 * there is no such layer or it has no areas, and ImportError `no_features` when nothing falls within them.
 */
export function keepWithinLayer(doc: Y.Doc, parsed: ParsedImport, layerId: string): ParsedImport {
  const layer = listLayers(doc).find((r) => r.ok && r.value.id === layerId);
  if (!layer?.ok) throw new MapChangeRefused('layer_not_found', `This board has no layer with id ${layerId}.`);
  const areas = listFeatures(doc, layerId).flatMap((r) =>
    r.ok && (r.value.geometry.type === 'Polygon' || r.value.geometry.type === 'MultiPolygon') ? [r.value] : [],
  );
  if (areas.length === 0) {
    throw new MapChangeRefused('not_areas', `The layer “${layer.value.name}” has no areas to keep features within: choose a layer of areas or boundaries.`);
  }
  return keepWithin(parsed, areas, layer.value.name);
}

/**
 * Writes a parsed import into a board: all its features into an existing layer, or into a new layer made for
 * them, in ONE transaction (so every client gets all of it or none of it, and it is stored as one update).
 * Checks the target first and throws {@link MapChangeRefused} before writing anything when it is missing.
 * Returns the id of the layer the features went into.
 */
export function applyImport(doc: Y.Doc, parsed: ParsedImport, target: ImportTarget, author: Author, origin?: unknown): string {
  if (target.layerId !== undefined) {
    const existing = listLayers(doc).find((r) => r.ok && r.value.id === target.layerId);
    if (!existing) throw new MapChangeRefused('layer_not_found', `This board has no layer with id ${target.layerId}.`);
  }
  const now = (author.now ?? Date.now)();
  let layerId = target.layerId ?? '';
  doc.transact(() => {
    if (target.layerId === undefined) {
      layerId = addLayer(
        doc,
        {
          name: (target.layerName?.trim() || layerNameFromFile(target.fileName)).slice(0, MAX_NAME),
          kind: target.kind ?? parsed.report.suggestedKind,
          style: { colour: nextLayerColour(doc) },
          source: (target.source?.trim() || `Imported from ${target.fileName}, ${ukDate(now)}`).slice(0, MAX_SOURCE),
        },
        author,
      );
    }
    const features: NewMapFeature[] = parsed.features.map((f) => ({ layerId, geometry: f.geometry, properties: f.properties }));
    addFeatures(doc, features, author);
  }, origin);
  return layerId;
}
