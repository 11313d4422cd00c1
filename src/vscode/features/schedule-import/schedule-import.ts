import * as vscode from 'vscode';
import { decodeNote } from '../../../core/index/decode-note';
import { importMessage, planScheduleImport, type ImportSourceNote, type ImportSummary } from '../../../core/review';
import { registerCommand } from '../../adapters/command';
import { LOCAL_CALENDAR } from '../../adapters/local-calendar';
import type { IndexedNote } from '../../adapters/notes-index';
import { describeWriteError } from '../../adapters/review-log-service';
import type { Feature, FeatureContext } from '../../feature';

/** What the command did, returned to its caller (the tests, other extensions). */
export interface ScheduleImportResult extends Omit<ImportSummary, 'error'> {
  /** Sides the plugin never reviewed: left new. */
  readonly newSides: number;
  /** Comments that could not be read, and comments that belong to no card (each listed in the log). */
  readonly unreadable: number;
  readonly unmatched: number;
  /** Notes skipped because they changed on disk while being read (run the command again). */
  readonly changedNotes: number;
  /** The message shown. */
  readonly message: string;
}

/**
 * Reads the schedule comments Obsidian Spaced Repetition left in the workspace's notes and
 * writes one `import` line per reviewed card side to the review log, so those cards keep
 * their due dates. Never edits a note; importing again adds nothing; a card reviewed here
 * keeps its own schedule.
 */
export const scheduleImport: Feature = (ctx) => {
  registerCommand(ctx, 'noteReview.importSchedules', () => importSchedules(ctx));
};

async function importSchedules({ services }: FeatureContext): Promise<ScheduleImportResult> {
  const { notes, reviews, log } = services;
  await Promise.all([notes.whenReady(), reviews.whenReady()]);
  // The cards the review log keeps history for (notes outside the workspace folders have no log).
  const cards = reviews.cards();
  const sources: ImportSourceNote[] = [];
  let changedNotes = 0;
  for (const entry of notes.all()) {
    if (!entry.note.cards.some((card) => cards.has(card.id))) continue;
    const source = await sourceOf(entry, (document) => notes.noteFor(document));
    if (source === 'changed') changedNotes++;
    else if (source) sources.push(source);
  }
  const plan = planScheduleImport(sources, LOCAL_CALENDAR);
  for (const problem of plan.unreadable) log.warn(`Import schedules: ${problem.note}:${problem.line}: unreadable schedule comment: ${problem.reason}`);
  for (const problem of plan.unmatched) log.info(`Import schedules: ${problem.note}:${problem.line}: ${problem.reason}`);
  const summary: ImportSummary = plan.items.length > 0 ? await reviews.importSchedules(plan.items) : { imported: 0, alreadyImported: 0, alreadyReviewed: 0, notSaved: 0 };
  const changed = changedNotes > 0 ? ` ${changedNotes} note${changedNotes === 1 ? '' : 's'} changed while being read: run the command again for ${changedNotes === 1 ? 'it' : 'them'}.` : '';
  const message = `${importMessage(summary, plan)}${changed}`;
  log.info(`Import schedules: ${message}`);
  if (summary.notSaved > 0) {
    void vscode.window.showWarningMessage(`Note Review: ${message} (${describeWriteError(summary.error)})`, 'Retry').then((pick) => {
      if (pick === 'Retry') void vscode.commands.executeCommand('noteReview.retryReviewLog');
    });
  } else if (plan.unreadable.length > 0 || plan.unmatched.length > 0) {
    void vscode.window.showInformationMessage(`Note Review: ${message}`, 'Show Log').then((pick) => {
      if (pick === 'Show Log') log.show(true);
    });
  } else {
    void vscode.window.showInformationMessage(`Note Review: ${message}`);
  }
  const { error: _error, ...counts } = summary;
  return { ...counts, newSides: plan.newSides, unreadable: plan.unreadable.length, unmatched: plan.unmatched.length, changedNotes, message };
}

/**
 * The note's parse with the text it is of: an open note's current text and parse, else the
 * file's text with the index's parse, or 'changed' when the file no longer has the lines
 * that parse was made from (the index has not caught up with an edit on disk yet).
 */
async function sourceOf(entry: IndexedNote, parseOf: (document: vscode.TextDocument) => IndexedNote['note']): Promise<ImportSourceNote | 'changed' | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === entry.uri.toString());
  if (open) return { key: entry.key, note: parseOf(open), text: open.getText() };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(entry.uri);
  } catch {
    return 'changed';
  }
  const decoded = decodeNote(bytes);
  if (!decoded.ok) return undefined;
  if (!decoded.text.includes('<!--SR:')) return undefined;
  return decoded.text.replace(/\r\n?/g, '\n').split('\n').length === entry.note.lineCount ? { key: entry.key, note: entry.note, text: decoded.text } : 'changed';
}
