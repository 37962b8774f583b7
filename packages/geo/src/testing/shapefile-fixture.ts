/**
 * Test-only fixtures (never exported from the package; uses node:zlib): a tiny point Shapefile written
 * byte by byte from the ESRI specification, and a minimal zip writer. No zip writer is resolvable from
 * packages/geo (shpjs only unzips), so the zip is built here: local headers, central directory, end record.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One file to put in a zip; `deflate` compresses it (method 8), otherwise it is stored (method 0). */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
  deflate: boolean;
}

/** Writes a zip archive of the entries. */
export function zipStored(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const body = entry.deflate ? new Uint8Array(deflateRawSync(entry.data)) : entry.data;
    const crc = crc32(entry.data);
    const local = new DataView(new ArrayBuffer(30 + name.length));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, entry.deflate ? 8 : 0, true);
    local.setUint16(12, 0x21, true); // 1980-01-01
    local.setUint32(14, crc, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, entry.data.length, true);
    local.setUint16(26, name.length, true);
    new Uint8Array(local.buffer).set(name, 30);
    const central = new DataView(new ArrayBuffer(46 + name.length));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(10, entry.deflate ? 8 : 0, true);
    central.setUint16(14, 0x21, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, body.length, true);
    central.setUint32(24, entry.data.length, true);
    central.setUint16(28, name.length, true);
    central.setUint32(42, offset, true);
    new Uint8Array(central.buffer).set(name, 46);
    locals.push(new Uint8Array(local.buffer), body);
    centrals.push(new Uint8Array(central.buffer));
    offset += local.byteLength + body.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, new Uint8Array(end.buffer)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A point of the fixture: position in the layer's own coordinates and two attributes. */
export interface FixturePoint {
  x: number;
  y: number;
  name: string;
  patients: number;
}

function shapeHeader(view: DataView, fileBytes: number, points: readonly FixturePoint[]): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, fileBytes / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, 1, true); // shape type: Point
  view.setFloat64(36, Math.min(...points.map((p) => p.x)), true);
  view.setFloat64(44, Math.min(...points.map((p) => p.y)), true);
  view.setFloat64(52, Math.max(...points.map((p) => p.x)), true);
  view.setFloat64(60, Math.max(...points.map((p) => p.y)), true);
}

/** The .shp and .shx of a point layer. */
export function pointShapes(points: readonly FixturePoint[]): { shp: Uint8Array; shx: Uint8Array } {
  const shp = new DataView(new ArrayBuffer(100 + 28 * points.length));
  const shx = new DataView(new ArrayBuffer(100 + 8 * points.length));
  shapeHeader(shp, shp.byteLength, points);
  shapeHeader(shx, shx.byteLength, points);
  points.forEach((point, i) => {
    const at = 100 + 28 * i;
    shp.setInt32(at, i + 1, false);
    shp.setInt32(at + 4, 10, false); // content length in 16-bit words
    shp.setInt32(at + 8, 1, true);
    shp.setFloat64(at + 12, point.x, true);
    shp.setFloat64(at + 20, point.y, true);
    shx.setInt32(100 + 8 * i, at / 2, false);
    shx.setInt32(100 + 8 * i + 4, 10, false);
  });
  return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) };
}

/** A dBASE III table with NAME (C 40) and PATIENTS (N 10). */
export function pointTable(points: readonly FixturePoint[]): Uint8Array {
  const fields = [
    { name: 'NAME', type: 'C', length: 40 },
    { name: 'PATIENTS', type: 'N', length: 10 },
  ];
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const bytes = new Uint8Array(headerLength + recordLength * points.length + 1);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x03;
  bytes.set([126, 1, 1], 1);
  view.setUint32(4, points.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  const ascii = (text: string, at: number): void => bytes.set(new TextEncoder().encode(text), at);
  fields.forEach((field, i) => {
    const at = 32 + 32 * i;
    ascii(field.name, at);
    ascii(field.type, at + 11);
    bytes[at + 16] = field.length;
  });
  bytes[headerLength - 1] = 0x0d;
  points.forEach((point, i) => {
    const at = headerLength + recordLength * i;
    ascii(` ${point.name.padEnd(40)}${String(point.patients).padStart(10)}`, at);
  });
  bytes[bytes.length - 1] = 0x1a;
  return bytes;
}

/** The ESRI .prj text for British National Grid, as ArcGIS and QGIS write it. */
export const BNG_PRJ =
  'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],' +
  'PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],' +
  'PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]';

/** A zipped point Shapefile in British National Grid (.shp and .dbf deflated, .shx and .prj stored). */
export function bngPointShapefileZip(points: readonly FixturePoint[], folder = ''): Uint8Array {
  const { shp, shx } = pointShapes(points);
  return zipStored([
    { name: `${folder}sites.shp`, data: shp, deflate: true },
    { name: `${folder}sites.shx`, data: shx, deflate: false },
    { name: `${folder}sites.dbf`, data: pointTable(points), deflate: true },
    { name: `${folder}sites.prj`, data: new TextEncoder().encode(BNG_PRJ), deflate: false },
  ]);
}
