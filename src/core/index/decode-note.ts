/** The text of a note file, or why the file is not a note. */
export type DecodedNote = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** How much of a file is searched for NUL bytes, like git and grep do to spot binary files. */
const BINARY_SNIFF_BYTES = 8192;

/**
 * Decodes a note file as UTF-8, without its byte order mark. Files with a NUL byte in
 * their first 8 KB are binary, and byte sequences that are not UTF-8 are refused rather
 * than replaced, so that a Latin-1 note is reported instead of silently mangled.
 */
export function decodeNote(bytes: Uint8Array): DecodedNote {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { ok: false, reason: 'binary file (NUL byte in the first 8 KB), not a markdown note' };
  }
  try {
    // ignoreBOM: false means the decoder consumes a leading BOM instead of returning it.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, reason: `not valid UTF-8 text (first invalid byte on line ${lineOfFirstInvalidByte(bytes)}); save it as UTF-8` };
  }
}

function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    // stream: true accepts a multi-byte sequence cut at the end, so validity only falls as the prefix grows.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** 1-based line of the first byte that breaks UTF-8 (binary search over prefixes). */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  // A multi-byte sequence cut off at the very end only fails when the decoder flushes.
  if (decodesAsPrefix(bytes)) return lineAt(bytes, bytes.length - 1);
  let valid = 0;
  let invalid = bytes.length;
  // Invariant: the first `valid` bytes decode and the first `invalid` bytes do not.
  while (invalid - valid > 1) {
    const middle = Math.floor((valid + invalid) / 2);
    if (decodesAsPrefix(bytes.subarray(0, middle))) valid = middle;
    else invalid = middle;
  }
  return lineAt(bytes, invalid - 1);
}

/** 1-based line holding the byte at `offset`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
