import { addFeatures, addLayer, getRoots, listFeatures, listLayers, nextLayerColour, type Author, type LayerKind, type NewMapFeature } from '@placeboard/board';
import { checkFeatureCount, keepWithin, type ImportReport, type ParsedImport } from '@placeboard/geo';
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
  /**
   * Keep only the features within this layer's areas (see {@link keepWithinLayer}); then `maxFeatures` applies to
   * what is kept, and the file was parsed with no limit (see {@link parseLimit}).
   */
  within?: string;
  /** Most features the import may add, checked here only with `within` (the parser checks it otherwise). */
  maxFeatures?: number;
  /** Most map features the board may hold with these added (see {@link checkBoardHolds}). @default no limit */
  maxBoardFeatures?: number;
}

/** The feature limit to parse a file with: none when only what falls `within` an area layer counts. */
export function parseLimit(within: string | undefined, maxFeatures: number): number {
  return within === undefined ? maxFeatures : Number.POSITIVE_INFINITY;
}

/**
 * The most map features one board holds unless told otherwise (`BOARD_MAX_FEATURES`). Every browser on the board
 * holds them all, and a server loads a board in one go while its other boards wait: 50,000 points (18 MB) take
 * about 2.5 s to load on 2 cores, 100,000 over 6 s, when the other processes of a deployment judge it dead.
 */
export const DEFAULT_BOARD_MAX_FEATURES = 50_000;

/**
 * Refuses, with {@link MapChangeRefused} `board_full`, a change that would take the board past `maxBoardFeatures`
 * map features by adding `adding` more.
 */
export function checkBoardHolds(doc: Y.Doc, adding: number, maxBoardFeatures: number | undefined): void {
  if (maxBoardFeatures === undefined) return;
  const held = getRoots(doc).features.size;
  if (held + adding <= maxBoardFeatures) return;
  const count = (n: number) => n.toLocaleString('en-GB');
  throw new MapChangeRefused(
    'board_full',
    `This board already holds ${count(held)} map features; these ${count(adding)} would take it past ` +
      `${count(maxBoardFeatures)}, the most one board holds, so that everyone can still open it. Remove a layer ` +
      "that is no longer needed, or add less (keep only what falls within your neighbourhood's areas, say).",
  );
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
 * Writes a parsed import into a board: all its features (with `within`, those within that layer's areas) into an
 * existing layer, or into a new layer made for them, in ONE transaction (so every client gets all of it or none of
 * it, and it is stored as one update). Checks the target and the limits first and throws {@link MapChangeRefused}
 * or ImportError before writing anything. Returns the id of the layer the features went into and the report of
 * what was imported.
 */
export function applyImport(
  doc: Y.Doc,
  file: ParsedImport,
  target: ImportTarget,
  author: Author,
  origin?: unknown,
): { layerId: string; report: ImportReport } {
  let parsed = file;
  if (target.within !== undefined) {
    parsed = keepWithinLayer(doc, file, target.within);
    if (target.maxFeatures !== undefined) checkFeatureCount(parsed.features.length, target.maxFeatures, parsed.report.within?.area);
  }
  if (target.layerId !== undefined) {
    const existing = listLayers(doc).find((r) => r.ok && r.value.id === target.layerId);
    if (!existing) throw new MapChangeRefused('layer_not_found', `This board has no layer with id ${target.layerId}.`);
  }
  checkBoardHolds(doc, parsed.features.length, target.maxBoardFeatures);
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
  return { layerId, report: parsed.report };
}
