/// <reference path="./shpjs.d.ts" />
import { parseZip } from 'shpjs';
import { ImportError, type ParsedImport } from './types.js';
import { assembleImport, type CandidateFeature } from './report.js';
import { geoJsonCandidates } from './geojson.js';

/**
 * Imports a zipped Shapefile with shpjs: it unzips, reads .shp/.dbf (.cpg for the text encoding) and
 * reprojects to WGS84 using the .prj (without a .prj the coordinates are taken as WGS84 already).
 * A zip with several layers gives all their features, in layer order.
 * @throws ImportError `invalid_shapefile` when the zip or its layers cannot be read; `no_features`.
 */
export async function parseShapefile(bytes: Uint8Array): Promise<ParsedImport> {
  let layers;
  try {
    layers = await parseZip(bytes.slice().buffer);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    throw new ImportError(
      'invalid_shapefile',
      `This zip could not be read as a Shapefile${reason}. Zip the .shp, .shx, .dbf and .prj files of one layer together.`,
    );
  }
  const candidates: CandidateFeature[] = [];
  for (const layer of Array.isArray(layers) ? layers : [layers]) {
    for (const candidate of geoJsonCandidates(layer)) candidates.push({ ...candidate, index: candidates.length });
  }
  return assembleImport(candidates, { format: 'shapefile' });
}
