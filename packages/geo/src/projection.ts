import proj4 from 'proj4';

/**
 * EPSG:27700, OSGB36 / British National Grid, with the standard 7-parameter Helmert shift to WGS84
 * (accurate to a few metres; OSTN15 would be centimetres but needs a grid file).
 */
export const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs +type=crs';

proj4.defs('EPSG:27700', BRITISH_NATIONAL_GRID);
const toWgs84 = proj4('EPSG:27700', 'EPSG:4326');

/** Converts a British National Grid easting/northing (metres) to WGS84 `[lon, lat]` with proj4. */
export function fromBritishNationalGrid(easting: number, northing: number): [number, number] {
  const [lon, lat] = toWgs84.forward([easting, northing]);
  return [lon as number, lat as number];
}

/** True when an easting/northing pair lies in the British National Grid's extent (0..700 km, 0..1300 km). */
export function isBritishNationalGrid(easting: number, northing: number): boolean {
  return easting >= 0 && easting <= 700_000 && northing >= 0 && northing <= 1_300_000;
}
