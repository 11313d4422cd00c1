import * as vscode from 'vscode';
import { registerCommand } from '../../adapters/command';
import { isNoteDocument } from '../../adapters/notes-index';
import { readSetting } from '../../adapters/settings';
import type { Feature, FeatureContext } from '../../feature';
import { AnswerLensProvider, SET_ANSWERS_HIDDEN_COMMAND } from './answer-lens-provider';
import { AnswerMaskDecorator } from './answer-mask-decorator';
import { HideableCards } from '../../../core/editor/hideable-cards';
import { HiddenAnswers } from './hidden-answers';
import { WordWrapGuard } from './word-wrap-guard';

const MARKDOWN: vscode.DocumentSelector = [{ language: 'markdown' }];

/** Context keys about the active note, for the editor title buttons. */
const CONTEXT = {
  hasCards: 'noteReview.answers.hasCards',
  someHidden: 'noteReview.answers.someHidden',
  allHidden: 'noteReview.answers.allHidden',
} as const;

/**
 * The self-test mode: hide the answers of a note's cards behind decorations, per card
 * (code lens), per section (code lens on the heading) or for the whole note (commands,
 * also on the editor title bar). `noteReview.answers.hiddenByDefault` decides how a note
 * first opens.
 */
export const answerHiding: Feature = (ctx) => {
  const { subscriptions, services } = ctx;
  const hidden = new HiddenAnswers((uri) => readSetting('noteReview.answers.hiddenByDefault', uri));
  const lenses = new AnswerLensProvider(services.notes, hidden);
  const decorator = new AnswerMaskDecorator(services.notes, hidden);
  subscriptions.push(hidden, lenses, decorator, vscode.languages.registerCodeLensProvider(MARKDOWN, lenses));

  registerCommand(ctx, SET_ANSWERS_HIDDEN_COMMAND, (uri, cardIds, hide) => {
    if (!(uri instanceof vscode.Uri) || !Array.isArray(cardIds) || typeof hide !== 'boolean') {
      throw new Error(`${SET_ANSWERS_HIDDEN_COMMAND} needs a note, card ids and true or false`);
    }
    hidden.setHidden(uri, cardIds.filter((id): id is string => typeof id === 'string'), hide);
  });
  registerCommand(ctx, 'noteReview.hideAllAnswers', (uri) => hidden.setAllHidden(targetNote(uri), true));
  registerCommand(ctx, 'noteReview.revealAllAnswers', (uri) => hidden.setAllHidden(targetNote(uri), false));
  registerCommand(ctx, 'noteReview.toggleAnswerAtCursor', () => {
    const editor = activeNoteEditor();
    const card = HideableCards.of(services.notes.noteFor(editor.document)).at(editor.selection.active.line + 1);
    if (!card) {
      void vscode.window.showInformationMessage('Note Review: there is no question, flashcard or cloze at the cursor.');
      return;
    }
    const uri = editor.document.uri;
    hidden.setHidden(uri, [card.id], !hidden.isHidden(uri, card.id));
  });

  ctx.testProbes?.expose('answers', (uri) => decorator.snapshot(targetNote(uri)));

  trackActiveNote(ctx, hidden);
};

/** The note a command acts on: the editor title bar passes its resource, the palette none. */
function targetNote(arg: unknown): vscode.Uri {
  if (arg instanceof vscode.Uri) return arg;
  return activeNoteEditor().document.uri;
}

function activeNoteEditor(): vscode.TextEditor {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNoteDocument(editor.document)) throw new Error('open a markdown note first.');
  return editor;
}

/**
 * Keeps the context keys of the editor title buttons in step with the active note, and
 * its word wrap off while it shows hidden answers (see WordWrapGuard).
 */
function trackActiveNote({ subscriptions, services }: FeatureContext, hidden: HiddenAnswers): void {
  const wordWrap = new WordWrapGuard();
  subscriptions.push(wordWrap);
  let last = '';
  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    let hasCards = false;
    let hiddenCount = 0;
    let total = 0;
    if (editor && isNoteDocument(editor.document)) {
      const uri = editor.document.uri;
      // The cached parse, even of an older version: the buttons need no precision that a
      // re-parse would buy, and a note not parsed yet is updated when the index has it.
      const note = services.notes.get(uri)?.note;
      const cards = note ? HideableCards.of(note).cards : [];
      total = cards.length;
      hasCards = total > 0;
      for (const card of cards) if (hidden.isHidden(uri, card.id)) hiddenCount++;
      if (note) {
        wordWrap.sync(editor, hiddenCount > 0).catch((error: unknown) => services.log.warn('Could not change word wrap:', String(error)));
      }
    }
    const keys = { hasCards, someHidden: hiddenCount > 0, allHidden: hasCards && hiddenCount === total };
    const serialized = JSON.stringify(keys);
    if (serialized === last) return;
    last = serialized;
    void vscode.commands.executeCommand('setContext', CONTEXT.hasCards, keys.hasCards);
    void vscode.commands.executeCommand('setContext', CONTEXT.someHidden, keys.someHidden);
    void vscode.commands.executeCommand('setContext', CONTEXT.allHidden, keys.allHidden);
  };
  subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(update),
    hidden.onDidChange(update),
    services.notes.onDidChange(update),
  );
  update();
}
