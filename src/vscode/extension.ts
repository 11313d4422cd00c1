// Composition root: builds the services once and registers every feature through the
// same Feature signature. Activation stays light: nothing is read or indexed before
// activate() returns; features start such work in the background.
import * as vscode from 'vscode';
import { noteToJson, type NoteJson } from '../core';
import { NotesIndex, noteKeyOf } from './adapters/notes-index';
import type { Feature, FeatureContext, Services } from './feature';
import { basicCommands } from './features/basic-commands';
import { quizPanel } from './features/quiz/quiz-feature';
import { noteDiagnostics } from './features/diagnostics/diagnostics-feature';
import { sectionsView } from './features/sections/sections-view';
import { termHovers } from './features/term-hovers/term-hovers';

/** The API returned by activate(), for tests and other extensions. */
export interface NoteReviewApi {
  /** The note at `uri`, parsed from its current text, in the CLI's JSON shape. */
  getNoteJson(uri: vscode.Uri): Promise<NoteJson>;
}

const features: readonly Feature[] = [basicCommands, sectionsView, termHovers, noteDiagnostics, quizPanel];

export function activate(context: vscode.ExtensionContext): NoteReviewApi {
  const log = vscode.window.createOutputChannel('Note Review', { log: true });
  context.subscriptions.push(log);
  const notes = new NotesIndex(log);
  context.subscriptions.push(notes);
  const services: Services = { log, notes };
  const ctx: FeatureContext = { subscriptions: context.subscriptions, services, extensionUri: context.extensionUri };
  for (const feature of features) feature(ctx);
  log.info(`Note Review ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version}`);
  // Indexing starts only now, after every feature is registered, and runs in the background.
  notes.whenReady().catch((error: unknown) => log.error('Indexing the notes failed:', error instanceof Error ? (error.stack ?? error.message) : String(error)));
  return {
    async getNoteJson(uri) {
      const document = await vscode.workspace.openTextDocument(uri);
      return noteToJson(noteKeyOf(uri), notes.noteFor(document));
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
