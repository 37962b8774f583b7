import { kml } from '@tmcw/togeojson';
import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import { ImportError, type ParsedImport } from './types.js';
import { assembleImport } from './report.js';
import { geoJsonCandidates } from './geojson.js';

/**
 * Imports KML text: @xmldom/xmldom parses the XML (stopping at the first error) and @tmcw/togeojson
 * turns Placemarks into GeoJSON features, whose geometries are then checked like any GeoJSON.
 * Placemark styles arrive as properties (`styleUrl`, `stroke`...), as togeojson writes them.
 * @throws ImportError `invalid_kml` for malformed XML or a document that is not KML; `no_features`.
 */
export function parseKml(text: string): ParsedImport {
  let document: ReturnType<DOMParser['parseFromString']>;
  try {
    document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'text/xml');
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message.split('\n')[0]}` : '';
    throw new ImportError('invalid_kml', `This KML file is not well-formed XML${reason}.`);
  }
  const root = document.documentElement;
  if (!root || root.localName !== 'kml') {
    throw new ImportError('invalid_kml', 'This file is XML but not KML: its root element should be <kml>.');
  }
  const collection = kml(document as unknown as Parameters<typeof kml>[0]);
  return assembleImport(geoJsonCandidates(collection), { format: 'kml' });
}
