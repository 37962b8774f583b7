import type * as Y from 'yjs';
import { getFeature } from '../map.js';
import type { MapFeature } from '../records/feature.js';

/** Test support (not exported from the package): a feature's value, or a thrown error saying why it cannot be read. */
export function readFeature(doc: Y.Doc, id: string): MapFeature {
  const result = getFeature(doc, id);
  if (!result?.ok) throw new Error(`feature ${id} is not readable: ${JSON.stringify(result)}`);
  return result.value;
}
