/**
 * The core's one text hash. Card ids, review-log entries and the parse cache's keys are
 * made with it: it is part of the product's contract, so its output never changes.
 */

/**
 * A 64-bit non-cryptographic hash of `text` as 16 hex digits (cyrb53's mixing, both
 * halves kept). Pure JS because the core runs in browsers too; ids only need to be
 * stable and rarely collide (about 1 in 10^10 for 50,000 cards).
 */
export function hash64(...parts: string[]): string {
  // Hashing the parts in turn equals hashing their concatenation, without building it.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const text of parts) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A fingerprint of a text: its hash and length. Two texts with the same fingerprint are
 * taken to be the same (the parse cache and the notes index skip parsing on it).
 */
export function textFingerprint(text: string): string {
  return `${hash64(text)}:${text.length}`;
}
