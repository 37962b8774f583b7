import Papa from 'papaparse';
import { ImportError, type ParsedImport, type SkippedRow } from './types.js';
import { assembleImport, type CandidateFeature } from './report.js';
import { toFiniteNumber, toPropertyValue } from './properties.js';
import { fromBritishNationalGrid, isBritishNationalGrid } from './projection.js';

/** A CSV read as text: column names in header order and one record per data row. */
export interface ParsedTable {
  columns: string[];
  rows: Record<string, string>[];
}

/**
 * Reads CSV text with papaparse: the first row is the header, empty lines are skipped, the delimiter is
 * detected (comma, tab, semicolon, pipe) and every value stays a string (a missing cell is `""`).
 * @throws ImportError `invalid_csv` for unbalanced quotes or a file with no header.
 */
export function parseTable(text: string): ParsedTable {
  const result = Papa.parse<Record<string, string | undefined>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    dynamicTyping: false,
  });
  const quoteError = result.errors.find((error) => error.type === 'Quotes');
  if (quoteError) {
    const row = quoteError.row === undefined ? '' : ` near data row ${quoteError.row + 1}`;
    throw new ImportError('invalid_csv', `This CSV could not be read: ${quoteError.message}${row}.`);
  }
  const columns = (result.meta.fields ?? []).filter((name) => name !== '__parsed_extra');
  if (columns.length === 0 || columns.every((name) => name.trim() === '')) {
    throw new ImportError('invalid_csv', 'This CSV has no header row: the first line should name the columns.');
  }
  const rows = result.data.map((record) => {
    const row: Record<string, string> = {};
    for (const column of columns) row[column] = record[column] ?? '';
    return row;
  });
  return { columns, rows };
}

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const LATITUDE_NAMES = ['lat', 'latitude', 'ylat', 'laty', 'ylatitude', 'latwgs84', 'wgs84lat', 'wgs84latitude', 'latitudewgs84', 'decimallatitude', 'latdd'];
const LONGITUDE_NAMES = ['lon', 'lng', 'long', 'longitude', 'xlon', 'lonx', 'xlong', 'xlng', 'xlongitude', 'lonwgs84', 'longwgs84', 'wgs84lon', 'wgs84long', 'wgs84longitude', 'longitudewgs84', 'decimallongitude', 'londd'];
const EASTING_NAMES = ['easting', 'eastings', 'east', 'xeasting', 'eastingx', 'bngeasting', 'bngx', 'osgbeasting', 'oseast1m', 'oseast'];
const NORTHING_NAMES = ['northing', 'northings', 'north', 'ynorthing', 'northingy', 'bngnorthing', 'bngy', 'osgbnorthing', 'osnrth1m', 'osnorth'];

function findColumn(columns: string[], names: string[]): string | undefined {
  for (const name of names) {
    const found = columns.find((column) => normalise(column) === name);
    if (found) return found;
  }
  return undefined;
}

/** Which columns hold the coordinates of a CSV and how to read them. */
export interface CoordinateColumns {
  kind: 'lonlat' | 'bng';
  /** Longitude or easting column. */
  x: string;
  /** Latitude or northing column. */
  y: string;
  /** Human description for the report. */
  description: string;
}

/**
 * Finds the coordinate columns of a table, matching names case-insensitively and ignoring spaces and
 * punctuation: lat/latitude/y_lat with lon/lng/long/longitude first; else easting/northing (British
 * National Grid); else `x`/`y`, but only when every filled value lies in the British National Grid
 * range and some exceed 1000 (so degrees are never mistaken for metres).
 */
export function findCoordinateColumns(table: ParsedTable): CoordinateColumns | undefined {
  const { columns, rows } = table;
  const lat = findColumn(columns, LATITUDE_NAMES);
  const lon = findColumn(columns, LONGITUDE_NAMES);
  if (lat && lon) return { kind: 'lonlat', x: lon, y: lat, description: `lat/lon from columns ${lat}, ${lon}` };
  const bng = (x: string, y: string): CoordinateColumns => ({
    kind: 'bng',
    x,
    y,
    description: `easting/northing (British National Grid) from columns ${x}, ${y}, reprojected to WGS84`,
  });
  const easting = findColumn(columns, EASTING_NAMES);
  const northing = findColumn(columns, NORTHING_NAMES);
  if (easting && northing) return bng(easting, northing);
  const x = findColumn(columns, ['x']);
  const y = findColumn(columns, ['y']);
  if (x && y) {
    let filled = 0;
    let large = false;
    for (const row of rows) {
      const ex = toFiniteNumber(row[x]);
      const ny = toFiniteNumber(row[y]);
      if (ex === undefined || ny === undefined) continue;
      if (!isBritishNationalGrid(ex, ny)) return undefined;
      filled++;
      if (ex > 1000 || ny > 1000) large = true;
    }
    if (filled > 0 && large) return bng(x, y);
  }
  return undefined;
}

/**
 * Imports CSV text as points. Coordinate columns are found by {@link findCoordinateColumns}; they become
 * the geometry and are not kept as properties. Other cells become properties by `toPropertyValue`
 * (whole numbers and decimals become numbers, codes with leading zeros stay text, empty cells are null).
 * Rows without usable coordinates are skipped as `no_coordinates`.
 * @throws ImportError `invalid_csv`, `no_coordinate_columns` or `no_features`.
 */
export function parseCsv(text: string): ParsedImport {
  const table = parseTable(text);
  const coordinates = findCoordinateColumns(table);
  if (!coordinates) {
    throw new ImportError(
      'no_coordinate_columns',
      'This CSV has no coordinate columns. Add lat and lon (or latitude/longitude), or easting and northing in British National Grid.' +
        ` Its columns are: ${table.columns.join(', ')}.`,
    );
  }
  const propertyColumns = table.columns.filter((column) => column !== coordinates.x && column !== coordinates.y);
  const skipped: SkippedRow[] = [];
  const candidates: CandidateFeature[] = [];
  table.rows.forEach((row, i) => {
    const index = i + 1;
    const rawX = row[coordinates.x] ?? '';
    const rawY = row[coordinates.y] ?? '';
    const x = toFiniteNumber(rawX);
    const y = toFiniteNumber(rawY);
    if (x === undefined || y === undefined) {
      const detail =
        rawX.trim() === '' || rawY.trim() === ''
          ? `no value in ${coordinates.x}/${coordinates.y}`
          : `"${rawY}", "${rawX}" in ${coordinates.y}/${coordinates.x} are not numbers`;
      skipped.push({ index, reason: 'no_coordinates', detail });
      return;
    }
    let position: [number, number] = [x, y];
    if (coordinates.kind === 'bng') {
      if (!isBritishNationalGrid(x, y)) {
        skipped.push({ index, reason: 'outside_uk', detail: `easting/northing ${x}, ${y} is outside the British National Grid` });
        return;
      }
      position = fromBritishNationalGrid(x, y);
    }
    const properties: Record<string, unknown> = {};
    for (const column of propertyColumns) properties[column] = toPropertyValue(row[column]);
    candidates.push({ index, geometry: { type: 'Point', coordinates: position }, properties });
  });
  return assembleImport(candidates, {
    format: 'csv',
    skipped,
    properties: propertyColumns,
    coordinates: coordinates.description,
  });
}
