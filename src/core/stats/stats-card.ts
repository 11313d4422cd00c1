/**
 * The cards and scopes the statistics and the readiness share: a card's place in the
 * notes, and what a figure is about.
 */
import { formatBreadcrumb } from '../model/note-json';

/** A card of the notes, as the statistics need it. */
export interface StatsCard {
  readonly id: string;
  /** The note's key (path in its workspace). */
  readonly note: string;
  /** Breadcrumb of the section holding the card; empty above the first heading. */
  readonly section: readonly string[];
  /** The question as the note has it now (markdown), for lists that name it. */
  readonly prompt?: string;
}

/** What the statistics are about. */
export type StatsScope =
  | { readonly kind: 'workspace' }
  | { readonly kind: 'note'; readonly note: string }
  /** A section and its subsections: `section` is its breadcrumb. */
  | { readonly kind: 'section'; readonly note: string; readonly section: readonly string[] };

/** The key of a section: its note and breadcrumb, `aws.md#Compute > EC2` (the note alone above its first heading). */
export function sectionKey(note: string, section: readonly string[]): string {
  return section.length === 0 ? note : `${note}#${formatBreadcrumb(section)}`;
}

/** Whether a card is in the scope. */
export function inScope(card: Pick<StatsCard, 'note' | 'section'>, scope: StatsScope): boolean {
  switch (scope.kind) {
    case 'workspace':
      return true;
    case 'note':
      return card.note === scope.note;
    case 'section':
      return card.note === scope.note && scope.section.length <= card.section.length && scope.section.every((title, i) => card.section[i] === title);
  }
}

/**
 * What a computation keeps per section (keyed by `sectionKey`), found for card after card
 * without building a key string per card: a note has a few dozen sections at most, found
 * by comparing titles. Two breadcrumbs with the same key (a title holding ` > `) share it.
 */
export class SectionTable<T> {
  /** By key, in the order first met. */
  readonly byKey = new Map<string, T>();
  private readonly byNote = new Map<string, { readonly section: readonly string[]; readonly value: T }[]>();

  /** The value of the card's section, made by `create` the first time. */
  get(note: string, section: readonly string[], create: () => T): T {
    let ofNote = this.byNote.get(note);
    if (!ofNote) this.byNote.set(note, (ofNote = []));
    for (const entry of ofNote) if (sameTitles(entry.section, section)) return entry.value;
    const key = sectionKey(note, section);
    let value = this.byKey.get(key);
    if (value === undefined) this.byKey.set(key, (value = create()));
    ofNote.push({ section, value });
    return value;
  }
}

/** Whether two breadcrumbs are the same titles. */
export function sameTitles(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
