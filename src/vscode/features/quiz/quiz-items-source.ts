import * as vscode from 'vscode';
import type { Note } from '../../../core';
import { quizItemsOf, sectionRange, type QuizItem } from '../../../core/quiz/quiz-items';
import type { NotesIndex } from '../../adapters/notes-index';
import type { QuizScopeRef } from '../../../protocol/quiz-protocol';
import { termCardsSetting } from './quiz-lens';

/** Reads quiz items out of the notes index, for a scope or by id. */
export class QuizItemsSource {
  constructor(private readonly notes: NotesIndex) {}

  /** The current parse of a note: the open editor's text or the file (undefined when it cannot be read). */
  async noteAt(uri: vscode.Uri): Promise<Note | undefined> {
    const indexed = this.notes.get(uri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.notes.noteFor(open);
    if (indexed) return indexed.note;
    try {
      return this.notes.noteFor(await vscode.workspace.openTextDocument(uri));
    } catch {
      return undefined;
    }
  }

  /** The items a scope asks, in note order (review scopes: in the given order). */
  async itemsOf(scope: QuizScopeRef): Promise<QuizItem[]> {
    switch (scope.kind) {
      case 'section': {
        const note = await this.noteAt(vscode.Uri.parse(scope.uri));
        if (!note) return [];
        const range = sectionRange(note, { line: scope.line });
        return range ? quizItemsOf(note, scope.uri, range, termCardsSetting(vscode.Uri.parse(scope.uri))) : [];
      }
      case 'note': {
        const note = await this.noteAt(vscode.Uri.parse(scope.uri));
        return note ? quizItemsOf(note, scope.uri, undefined, termCardsSetting(vscode.Uri.parse(scope.uri))) : [];
      }
      case 'workspace': {
        await this.notes.whenReady();
        return this.notes.all().flatMap((entry) => quizItemsOf(entry.note, entry.uri.toString(), undefined, termCardsSetting(entry.uri)));
      }
      case 'review': {
        const byId = await this.itemsById(new Set(scope.cards.map((c) => c.uri)));
        return scope.cards.map((c) => byId.get(c.id)).filter((item): item is QuizItem => item !== undefined);
      }
      default: {
        const unexpected: never = scope;
        throw new Error(`unknown quiz scope ${JSON.stringify(unexpected)}`);
      }
    }
  }

  /** Every item of these notes (URIs as strings), by id. */
  async itemsById(sources: ReadonlySet<string>): Promise<Map<string, QuizItem>> {
    const byId = new Map<string, QuizItem>();
    for (const source of sources) {
      const note = await this.noteAt(vscode.Uri.parse(source));
      for (const item of note ? quizItemsOf(note, source) : []) byId.set(item.id, item);
    }
    return byId;
  }
}
