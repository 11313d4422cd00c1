/**
 * Card identity.
 *
 * The rule (review history is keyed by it, so it is part of the product's contract):
 * a card's id is a hash of
 *   - the note key (the note's path within its workspace, when the caller gives one),
 *   - the card kind (and direction, for reversed flashcards),
 *   - the question's text, normalised: numbering (`7.`) and labels (`Q12.`) removed,
 *     case folded, whitespace collapsed,
 *   - for multiple choice, the option labels, normalised and sorted (so reordering
 *     options keeps the id), and for cloze cards the text of the deletion(s).
 * Nothing else goes in: not the line, not the section, not the explanations or which
 * option is marked right. So text added elsewhere, moving the question to another
 * section, renumbering it or reordering its options keep the id; editing the question or
 * its options changes it (the review log re-links such edits).
 * Identical cards in one note get `-2`, `-3`… in note order.
 */

import { hash64 } from '../util/hash';

export { hash64 };

/** Normalises text for identity: Unicode NFC, case folded, whitespace collapsed. */
export function normaliseForId(text: string): string {
  // Printable ASCII with single spaces inside is already normalised but for case: one scan
  // instead of the four passes below (every card's prompt and options go through here).
  if (isPlainSpacedAscii(text)) return text.toLowerCase();
  // ASCII text is already in NFC: skip the costly normalisation for it.
  const composed = /[^\t\n\r -~]/.test(text) ? text.normalize('NFC') : text;
  return composed.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Printable ASCII only, no space at either end, no two spaces in a row. */
function isPlainSpacedAscii(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    if (c !== 0x20 || i === 0 || i === last || text.charCodeAt(i - 1) === 0x20) return false;
  }
  return true;
}

/**
 * The identity key of a card (see the rule above), before hashing, as the pieces whose
 * concatenation it is: hashed in turn (see `hash64`), they give the id without building
 * the key (a concatenated string must be flattened before it is read character by
 * character).
 */
export function cardKeyParts(parts: { kind: string; prompt: string; options?: readonly string[]; extra?: string }): string[] {
  const pieces = [parts.kind, '\u0000', normaliseForId(parts.prompt), '\u0000'];
  if (parts.options && parts.options.length > 0) {
    const options = parts.options.map(normaliseForId).sort();
    for (let k = 0; k < options.length; k++) {
      if (k > 0) pieces.push('\u0001');
      pieces.push(options[k]);
    }
  }
  pieces.push('\u0000', parts.extra ?? '');
  return pieces;
}

/** Hands out ids for the cards of one note, numbering identical keys in order. */
export class CardIdAllocator {
  private readonly seen = new Map<string, { count: number; firstLine: number }>();

  constructor(private readonly noteKey: string) {}

  /**
   * The id for a card with this key, and the line of the first card with the same key
   * when this one is a duplicate.
   */
  allocate(keyParts: readonly string[], line: number): { id: string; duplicateOf?: number } {
    const base = hash64(this.noteKey, '\u0002', ...keyParts);
    // Keyed by the hash: identical keys share it, and two keys that ever collided would
    // still get distinct ids (`-2`) instead of one id for two cards.
    const entry = this.seen.get(base);
    if (!entry) {
      this.seen.set(base, { count: 1, firstLine: line });
      return { id: base };
    }
    entry.count++;
    return { id: `${base}-${entry.count}`, duplicateOf: entry.firstLine };
  }

}
