import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** One client's entry in a y-protocols awareness update, its state left as the JSON text it arrived as. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** JSON text of the state; `"null"` clears the entry. */
  stateJson: string;
}

/**
 * Splits an awareness update into its entries, so the server can keep only those a connection may set. Throws on
 * bytes that are not an awareness update (truncated, or bytes left over).
 */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const stateJson = decoding.readVarString(decoder);
    entries.push({ clientId, clock, stateJson });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness entries');
  return entries;
}

/** Encodes entries back into an awareness update that `applyAwarenessUpdate` reads. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, stateJson } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, stateJson);
  }
  return encoding.toUint8Array(encoder);
}

/** True when the entry clears its client's presence rather than setting it. */
export function clearsPresence(entry: AwarenessEntry): boolean {
  return entry.stateJson.trim() === 'null';
}
