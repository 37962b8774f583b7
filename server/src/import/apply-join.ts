import {
  IMD_DECILE_RAMP,
  addFeatures,
  addLayer,
  listFeatures,
  listLayers,
  nextLayerColour,
  type Author,
  type LayerStyle,
  type NewMapFeature,
} from '@placeboard/board';
import { getProperty, joinTable, type ImportedFeature, type ParsedTable } from '@placeboard/geo';
import type * as Y from 'yjs';
import { checkBoardHolds, layerNameFromFile, ukDate } from './apply-import.js';
import { MapChangeRefused } from './errors.js';


/** A table of values to join onto a layer of areas, and how. */
export interface JoinRequest {
  /** Name of the table's file; the default layer name is made from it. */
  fileName: string;
  /** The parsed table (from `parseTable`). */
  table: ParsedTable;
  /** The boundary or areas layer whose features are copied into the new indicator layer. */
  layerId: string;
  /** Property of the layer's features that holds the key, e.g. `area_code` (matched case-insensitively). */
  featureKey: string;
  /** Column of the table that holds the key, e.g. `lsoa11cd`. */
  rowKey: string;
  /** Columns to copy onto the features. @default every column */
  columns?: string[];
  /** The numeric column that colours the map. @default a column named like "decile", else the first numeric one */
  indicator?: string;
  /** Name of the new layer. @default "<file name> (<indicator>)" */
  layerName?: string;
  /** Where the values came from. @default "Joined from <file name> onto <layer name>, <date>" */
  source?: string;
  /** Most map features the board may hold with the new layer's added (see checkBoardHolds). @default no limit */
  maxBoardFeatures?: number;
}

/** What a join did. */
export interface JoinOutcome {
  layerId: string;
  /** Table rows whose key matched an area. */
  matched: number;
  /** Keys of the rows that matched no area, all of them (the API lists the first 100). */
  unmatchedRowKeys: string[];
  /** Areas of the layer that no row matched (they are copied with no value: "no data" on the map). */
  featuresWithoutMatch: number;
  /** The table column the colours come from. */
  indicator: string;
  /** The feature property the layer style colours by: the indicator itself, or its quintile class. */
  indicatorProperty: string;
}

/** Layer kinds that hold areas a table can be joined onto. */
const AREA_KINDS = new Set(['boundary', 'areas', 'indicator']);

/** Five classes for values that are not deciles, palest for the lowest (ColorBrewer PuBu). */
export const QUINTILE_RAMP = ['#f1eef6', '#bdc9e1', '#74a9cf', '#2b8cbe', '#045a8d'] as const;

/**
 * Joins a table onto a layer of areas by key and adds the result as a NEW indicator layer: copies of the areas
 * carrying the joined columns, coloured by the indicator column. Values that are all whole numbers 1 to 10
 * (deciles, as IMD) use the ten-class decile ramp on the indicator itself; anything else is split into five
 * quintile classes, stored on each area as `<indicator>_quintile` (1-5), because the map steps its ramp over the
 * values 1, 2, 3... Everything is checked before anything is written, and the layer is written in one transaction.
 */
export function applyJoin(doc: Y.Doc, request: JoinRequest, author: Author, origin?: unknown): JoinOutcome {
  const layer = listLayers(doc).find((r) => r.ok && r.value.id === request.layerId);
  if (!layer || !layer.ok) throw new MapChangeRefused('layer_not_found', `This board has no layer with id ${request.layerId}.`);
  const boundary = layer.value;
  if (!AREA_KINDS.has(boundary.kind)) {
    throw new MapChangeRefused('invalid_join', `Layer "${boundary.name}" holds ${boundary.kind}, not areas; join onto a boundary or areas layer.`);
  }
  const areas: ImportedFeature[] = listFeatures(doc, boundary.id).flatMap((r) =>
    r.ok ? [{ geometry: r.value.geometry, properties: { ...r.value.properties } }] : [],
  );
  if (!areas.some((f) => getProperty(f.properties, request.featureKey) !== undefined)) {
    throw new MapChangeRefused('invalid_join', `No area of layer "${boundary.name}" has a property "${request.featureKey}".`);
  }
  const column = (name: string, what: string): string => {
    const found = request.table.columns.find((c) => c.toLowerCase() === name.trim().toLowerCase());
    if (found === undefined) {
      throw new MapChangeRefused('invalid_join', `The table has no ${what} column "${name}" (it has: ${request.table.columns.join(', ')}).`);
    }
    return found;
  };
  const rowKey = column(request.rowKey, 'key');
  const columns = request.columns?.map((c) => column(c, 'requested'));
  const requestedIndicator = request.indicator?.trim() ? column(request.indicator, 'indicator') : undefined;

  const joined = joinTable(areas, request.table.rows, { featureKey: request.featureKey, rowKey, ...(columns ? { columns } : {}) });
  if (joined.matched === 0) {
    throw new MapChangeRefused(
      'nothing_matched',
      `No row's "${rowKey}" matched any area's "${request.featureKey}" in layer "${boundary.name}": check the two key columns.`,
    );
  }

  const copied = (columns ?? request.table.columns).filter((c) => c !== rowKey);
  const indicator = requestedIndicator ?? chooseIndicator(joined.features, copied);
  if (indicator === undefined) {
    throw new MapChangeRefused('invalid_join', 'None of the joined columns holds numbers to colour the map by; name one with "indicator".');
  }
  const features = joined.features.map((f) => ({ geometry: f.geometry, properties: { ...f.properties } }));
  const key = propertyKey(features, indicator);
  const values: number[] = [];
  for (const feature of features) {
    const value = toNumber(feature.properties[key]);
    if (value === undefined) delete feature.properties[key];
    else {
      feature.properties[key] = value; // stored as a number, so the map can colour it
      values.push(value);
    }
  }
  if (values.length === 0) {
    throw new MapChangeRefused('invalid_join', `Column "${indicator}" holds no numbers for the matched areas.`);
  }
  const { style, indicatorProperty } = indicatorStyle(features, key, values);
  checkBoardHolds(doc, features.length, request.maxBoardFeatures);

  const now = (author.now ?? Date.now)();
  let layerId = '';
  doc.transact(() => {
    layerId = addLayer(
      doc,
      {
        name: (request.layerName?.trim() || `${layerNameFromFile(request.fileName)} (${indicator})`).slice(0, 200),
        kind: 'indicator',
        style: { colour: nextLayerColour(doc), ...style },
        source: (request.source?.trim() || `Joined from ${request.fileName} onto ${boundary.name}, ${ukDate(now)}`).slice(0, 500),
        ...(boundary.attribution ? { attribution: boundary.attribution } : {}),
      },
      author,
    );
    addFeatures(doc, features.map((f): NewMapFeature => ({ layerId, geometry: f.geometry, properties: f.properties })), author);
  }, origin);

  return {
    layerId,
    matched: joined.matched,
    unmatchedRowKeys: joined.unmatchedRowKeys,
    featuresWithoutMatch: joined.featuresWithoutMatch,
    indicator,
    indicatorProperty,
  };
}

/** A finite number, or a string that is one; anything else is no value. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(/,/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The key a joined column has on the features (the join may keep the table's spelling or the feature's). */
function propertyKey(features: ImportedFeature[], column: string): string {
  for (const feature of features) {
    const key = Object.keys(feature.properties).find((k) => k.toLowerCase() === column.toLowerCase());
    if (key !== undefined) return key;
  }
  return column;
}

/** A column named like "decile" that holds numbers, else the first joined column that holds only numbers. */
function chooseIndicator(features: ImportedFeature[], columns: string[]): string | undefined {
  const numeric = columns.filter((column) => {
    const key = propertyKey(features, column);
    const present = features.map((f) => f.properties[key]).filter((v) => v !== undefined && v !== null && v !== '');
    return present.length > 0 && present.every((v) => toNumber(v) !== undefined);
  });
  return numeric.find((c) => /decile/i.test(c)) ?? numeric[0];
}

function indicatorStyle(
  features: ImportedFeature[],
  key: string,
  values: number[],
): { style: Omit<LayerStyle, 'colour'>; indicatorProperty: string } {
  if (values.every((v) => Number.isInteger(v) && v >= 1 && v <= 10)) {
    const imd = /imd|depriv/i.test(key);
    return {
      indicatorProperty: key,
      style: {
        indicatorProperty: key,
        ramp: [...IMD_DECILE_RAMP],
        legend: imd
          ? { title: `${key} (decile)`, lowLabel: 'most deprived 10%', highLabel: 'least deprived 10%' }
          : { title: `${key} (decile)` },
      },
    };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const breaks = [1, 2, 3, 4].map((k) => sorted[Math.floor((k * sorted.length) / 5)]!);
  const classKey = `${key}_quintile`;
  for (const feature of features) {
    const value = feature.properties[key];
    if (typeof value === 'number') feature.properties[classKey] = 1 + breaks.filter((b) => value >= b).length;
  }
  const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return {
    indicatorProperty: classKey,
    style: {
      indicatorProperty: classKey,
      ramp: [...QUINTILE_RAMP],
      legend: {
        title: `${key} (quintiles)`,
        lowLabel: `${fmt(sorted[0]!)} to under ${fmt(breaks[0]!)}`,
        highLabel: `${fmt(breaks[3]!)} to ${fmt(sorted[sorted.length - 1]!)}`,
      },
    },
  };
}
