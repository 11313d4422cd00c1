import type * as vscode from 'vscode';
import type { Card, CardKind, Note, Section } from '../../../core';

/** A markdown note of the workspace, at the top of the tree. */
export interface NoteNode {
  readonly type: 'note';
  readonly id: string;
  readonly uri: vscode.Uri;
  readonly key: string;
}

/** A heading of a note, holding its own cards and the lower-level headings after it. */
export interface SectionNode {
  readonly type: 'section';
  readonly id: string;
  readonly uri: vscode.Uri;
  readonly section: Section;
  readonly parent: NoteNode | SectionNode;
  readonly children: (SectionNode | CardNode)[];
  /** Cards in this section and all its subsections. */
  cardCount: number;
}

/** A card (question, flashcard, cloze) inside the section that holds its first line. */
export interface CardNode {
  readonly type: 'card';
  readonly id: string;
  readonly uri: vscode.Uri;
  readonly card: Card;
  readonly parent: NoteNode | SectionNode;
}

export type SectionsTreeNode = NoteNode | SectionNode | CardNode;

/** The tree below one note, built once per parse. */
export interface NoteOutline {
  /** The parse this outline was built from (the index hands out a new object per parse). */
  readonly note: Note;
  /** Cards above the first heading, then the top-level sections. */
  readonly children: (SectionNode | CardNode)[];
  /** Every section, in note order, for finding the one around a line. */
  readonly sections: readonly SectionNode[];
  readonly cardCount: number;
}

/**
 * Nests a note's sections by level (each heading holds the lower-level ones after it) and
 * puts each card under the innermost heading before its first line. Ids are unique even
 * for duplicate headings: a section's id is its breadcrumb plus its occurrence among
 * sections with the same breadcrumb, which also keeps ids (and so expansion) stable
 * when text elsewhere changes.
 */
export function buildOutline(noteNode: NoteNode, note: Note): NoteOutline {
  const roots: (SectionNode | CardNode)[] = [];
  const sections: SectionNode[] = [];
  const open: SectionNode[] = [];
  const occurrences = new Map<string, number>();
  for (const section of note.sections) {
    while (open.length > 0 && open[open.length - 1].section.level >= section.level) open.pop();
    const parent = open.length > 0 ? open[open.length - 1] : noteNode;
    const path = section.path.join('\u001f');
    const occurrence = (occurrences.get(path) ?? 0) + 1;
    occurrences.set(path, occurrence);
    const node: SectionNode = {
      type: 'section',
      id: `${noteNode.id}#section:${path}#${occurrence}`,
      uri: noteNode.uri,
      section,
      parent,
      children: [],
      cardCount: 0,
    };
    (parent.type === 'section' ? parent.children : roots).push(node);
    open.push(node);
    sections.push(node);
  }
  const cards = [...note.cards].sort((a, b) => a.line - b.line);
  let s = -1;
  for (const card of cards) {
    while (s + 1 < sections.length && sections[s + 1].section.line <= card.line) s++;
    const parent = s >= 0 ? sections[s] : noteNode;
    const node: CardNode = { type: 'card', id: `${noteNode.id}#card:${card.id}`, uri: noteNode.uri, card, parent };
    if (parent.type === 'section') {
      insertByLine(parent.children, node);
      for (let p: NoteNode | SectionNode = parent; p.type === 'section'; p = p.parent) p.cardCount++;
    } else insertByLine(roots, node);
  }
  return { note, children: roots, sections, cardCount: cards.length };
}

function lineOf(node: SectionNode | CardNode): number {
  return node.type === 'section' ? node.section.line : node.card.line;
}

/** Cards come before the subsections that follow them; keep note order. */
function insertByLine(list: (SectionNode | CardNode)[], node: SectionNode | CardNode): void {
  let i = list.length;
  while (i > 0 && lineOf(list[i - 1]) > lineOf(node)) i--;
  list.splice(i, 0, node);
}

/** The innermost section whose lines hold `line` (1-based), if any. */
export function sectionAt(outline: NoteOutline, line: number): SectionNode | undefined {
  let found: SectionNode | undefined;
  for (const node of outline.sections) {
    if (node.section.line > line) break;
    found = node;
  }
  return found;
}

/** A short one-line prompt for a tree row: markup dropped, long text cut with an ellipsis. */
export function shortPrompt(markdown: string, maxLength = 70): string {
  const plain = markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`+|==|~~)/g, '')
    .replace(/(^|\s)[*_]([^*_]+)[*_](?=\s|$|[.,;:?!])/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= maxLength) return plain;
  const cut = plain.slice(0, maxLength - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > maxLength * 0.6 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

/** What each kind of card is called in the tree. */
export const CARD_KIND_NAMES: Record<CardKind, string> = {
  mcq: 'Multiple choice',
  flashcard: 'Flashcard',
  cloze: 'Cloze deletion',
};

/** The codicon of each kind of card. */
export const CARD_KIND_ICONS: Record<CardKind, string> = {
  mcq: 'checklist',
  flashcard: 'note',
  cloze: 'whole-word',
};

/** `1 card`, `13 cards`. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
