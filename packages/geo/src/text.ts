/**
 * Decodes uploaded bytes as text. UTF-8 first (a byte-order mark is dropped); bytes that are not valid
 * UTF-8 are read as Windows-1252, the usual encoding of CSVs saved from Excel in the UK (so "£" survives).
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** True when the first kilobytes hold a NUL byte: the file is binary, not text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 4096);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}
