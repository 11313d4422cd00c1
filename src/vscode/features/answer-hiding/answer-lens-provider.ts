import * as vscode from 'vscode';
import type { Section } from '../../../core';
import { isNoteDocument, type NotesIndex } from '../../adapters/notes-index';
import { HideableCards } from '../../../core/editor/hideable-cards';
import type { HiddenAnswers } from './hidden-answers';

/** The command behind every hide/reveal lens: `(uri, cardIds, hidden)`. */
export const SET_ANSWERS_HIDDEN_COMMAND = 'noteReview.setAnswersHidden';

/** A lens above one card. */
class CardLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: vscode.Uri,
    readonly cardId: string,
  ) {
    super(range);
  }
}

/** A lens above a heading whose section (sub-sections included) holds cards. */
class SectionLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: vscode.Uri,
    readonly section: Section,
    /** The cards of the parse the lens was placed from, so that it resolves against the same lines. */
    readonly cards: HideableCards,
  ) {
    super(range);
  }
}

/**
 * `Hide answer` / `Reveal answer` above each card, `Hide answers in section (N)` /
 * `Reveal answers` above each heading with cards.
 *
 * Two-phase: `provideCodeLenses` only places the lenses from the index's cached parse
 * (cheap, even for a 1 MB note); titles and commands are filled in `resolveCodeLens`,
 * which VS Code calls for the lenses on screen.
 */
export class AnswerLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly notes: NotesIndex,
    private readonly hidden: HiddenAnswers,
  ) {
    this.disposables.push(
      hidden.onDidChange(() => this.changed.fire()),
      notes.onDidChange((uris) => {
        const open = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
        if (uris.some((uri) => open.has(uri.toString()))) this.changed.fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isNoteDocument(document)) return [];
    const note = this.notes.noteFor(document);
    const cards = HideableCards.of(note);
    if (cards.cards.length === 0) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const section of note.sections) {
      if (cards.countInSection(section) > 0) lenses.push(new SectionLens(lineRange(section.line), document.uri, section, cards));
    }
    for (const card of cards.cards) lenses.push(new CardLens(lineRange(card.line), document.uri, card.id));
    return lenses;
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (lens instanceof CardLens) {
      const hidden = this.hidden.isHidden(lens.uri, lens.cardId);
      lens.command = {
        title: hidden ? 'Reveal answer' : 'Hide answer',
        tooltip: hidden ? 'Show the answer of this card' : 'Hide the answer of this card to test yourself',
        command: SET_ANSWERS_HIDDEN_COMMAND,
        arguments: [lens.uri, [lens.cardId], !hidden],
      };
    } else if (lens instanceof SectionLens) {
      const ids = lens.cards.inSection(lens.section).map((c) => c.id);
      const allHidden = ids.length > 0 && ids.every((id) => this.hidden.isHidden(lens.uri, id));
      lens.command = {
        title: allHidden ? 'Reveal answers' : `Hide answers in section (${ids.length})`,
        tooltip: allHidden ? `Show the answers of the ${ids.length} cards in "${lens.section.title}"` : `Hide the answers of the ${ids.length} cards in "${lens.section.title}"`,
        command: SET_ANSWERS_HIDDEN_COMMAND,
        arguments: [lens.uri, ids, !allHidden],
      };
    }
    return lens;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function lineRange(line: number): vscode.Range {
  return new vscode.Range(line - 1, 0, line - 1, 0);
}
