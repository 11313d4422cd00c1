import * as vscode from 'vscode';
import type { Note } from '../../../core';
import { quizCountsBySection, type TermCardChoice } from '../../../core/quiz/quiz-items';
import { isNoteDocument, type NotesIndex } from '../../adapters/notes-index';
import { onDidChangeSettings, readSetting } from '../../adapters/settings';

/** `noteReview.quiz.termCards`: which term cards quizzes make. */
export function termCardsSetting(scope?: vscode.Uri): TermCardChoice {
  return readSetting('noteReview.quiz.termCards', scope);
}

/** A "Quiz this section (N)" lens, resolved to its command only when shown. */
class QuizLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: vscode.Uri,
    readonly line: number,
    readonly count: number,
  ) {
    super(range);
  }
}

/**
 * `Quiz this section (N)` above every heading whose section (sub-sections included) has
 * something to ask. Counting reads the cached parse; the command is filled in by
 * `resolveCodeLens`. Off with `noteReview.quiz.codeLens`.
 */
export class QuizLensProvider implements vscode.CodeLensProvider<QuizLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Counts per parse, for the term-card setting they were made with. */
  private readonly countsByNote = new WeakMap<Note, { termCards: TermCardChoice; counts: { line: number; count: number }[] }>();

  constructor(private readonly notes: NotesIndex) {
    this.disposables.push(
      notes.onDidChange(() => this.changed.fire()),
      onDidChangeSettings((change) => {
        if (change.affects('noteReview.quiz.codeLens') || change.affects('noteReview.quiz.termCards')) this.changed.fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): QuizLens[] {
    if (!isNoteDocument(document) || !readSetting('noteReview.quiz.codeLens', document.uri)) return [];
    const note = this.notes.noteFor(document);
    // The index keeps one Note per document version, so counts are computed once per version.
    const termCards = termCardsSetting(document.uri);
    let cached = this.countsByNote.get(note);
    if (cached?.termCards !== termCards) {
      cached = { termCards, counts: quizCountsBySection(note, termCards) };
      this.countsByNote.set(note, cached);
    }
    return cached.counts
      .filter(({ count }) => count > 0)
      .map(({ line, count }) => new QuizLens(new vscode.Range(line - 1, 0, line - 1, 0), document.uri, line, count));
  }

  resolveCodeLens(lens: QuizLens): QuizLens {
    lens.command = {
      command: 'noteReview.quizSection',
      title: `$(mortar-board) Quiz this section (${lens.count})`,
      tooltip: 'Quiz the questions, flashcards and terms of this section and its sub-sections',
      arguments: [{ uri: lens.uri, section: { line: lens.line } }],
    };
    return lens;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
