/** Type declarations for shpjs 6 (it ships none). Only the entry point this package uses. */
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  /** A layer read from a zipped Shapefile; `fileName` is the layer's name inside the zip. */
  export type ShapefileLayer = FeatureCollection & { fileName?: string };
  /** Reads every .shp layer of a zip (with its .dbf, .prj and .cpg); one layer or a list of layers. */
  export function parseZip(
    buffer: ArrayBuffer | Uint8Array,
    whiteList?: string[],
  ): Promise<ShapefileLayer | ShapefileLayer[]>;
}
