import type { Card, Note, Section } from '../model/model';
import { isHideableCard } from './answer-masks';

/**
 * The cards of one parse that have a hide/reveal control (the answer-hiding code lenses), in line order, with fast
 * lookups by line range (a 1 MB note has thousands of cards and sections: no scans per
 * section). Built once per parse and cached by the parse object.
 */
export class HideableCards {
  private static readonly cache = new WeakMap<Note, HideableCards>();

  /** The hideable cards of `note`, computed once per parse. */
  static of(note: Note): HideableCards {
    let cards = HideableCards.cache.get(note);
    if (!cards) {
      cards = new HideableCards(note);
      HideableCards.cache.set(note, cards);
    }
    return cards;
  }

  /** Hideable cards sorted by first line. */
  readonly cards: readonly Card[];
  private readonly byId: ReadonlyMap<string, Card>;

  private constructor(note: Note) {
    this.cards = note.cards.filter(isHideableCard).sort((a, b) => a.line - b.line);
    this.byId = new Map(this.cards.map((c) => [c.id, c]));
  }

  get(id: string): Card | undefined {
    return this.byId.get(id);
  }

  /** Cards whose first line lies in the section (its sub-sections included). */
  inSection(section: Section): readonly Card[] {
    return this.cards.slice(this.firstAtOrAfter(section.line), this.firstAtOrAfter(section.endLine + 1));
  }

  /** How many cards `inSection` would return, without building the list. */
  countInSection(section: Section): number {
    return this.firstAtOrAfter(section.endLine + 1) - this.firstAtOrAfter(section.line);
  }

  /** The innermost card whose lines hold the 1-based `line`. */
  at(line: number): Card | undefined {
    // Cards may nest (a question inside a heading question's answer): prefer the one starting last.
    for (let i = this.firstAtOrAfter(line + 1) - 1; i >= 0; i--) {
      const card = this.cards[i];
      if (card.endLine >= line) return card;
    }
    return undefined;
  }

  /** Index of the first card starting on or after `line`. */
  private firstAtOrAfter(line: number): number {
    let lo = 0;
    let hi = this.cards.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cards[mid].line < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
