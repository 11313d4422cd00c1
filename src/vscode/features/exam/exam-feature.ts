import * as vscode from 'vscode';
import type { ExamScopeItem, ExamWeightItem, RecordResult } from '../../../core/review';
import { dayNumber, parseDayLabel } from '../../../core/stats/calendar';
import { examDateProblem, parseExamWeight } from '../../../core/stats/exam-input';
import { registerCommand } from '../../adapters/command';
import type { FolderReadiness } from '../../adapters/exam-readiness';
import { LOCAL_CALENDAR } from '../../adapters/local-calendar';
import { describeWriteError } from '../../adapters/review-log-service';
import { workspaceFolderLabel } from '../../adapters/workspace-folder-label';
import type { Feature, FeatureContext } from '../../feature';
import { formatPercent } from '../../../core/util/percent';

/** Arguments of `noteReview.setExamDate` when run without its prompts (tests, keybindings, other extensions). */
export interface SetExamDateArgs {
  /** The workspace folder (URI text or path); default the first. */
  readonly folder?: string;
  readonly date: string;
  readonly scope?: readonly ExamScopeItem[];
  readonly weights?: readonly ExamWeightItem[];
}

/** The exam status bar item and the figures behind it, as plain data (the tests' `noteReview.exam.snapshot`). */
export interface ExamSnapshot {
  readonly status: { readonly visible: boolean; readonly text: string; readonly tooltip: string };
  readonly folders: readonly FolderReadiness[];
  readonly computations: number;
}

/** Where a click on the status item goes: Statistics when it is there, else a review. */
const STATISTICS_COMMAND = 'noteReview.showStatistics';

/**
 * Exam dates: `Set Exam Date…`, `Clear Exam Date` and `Undo Exam Date Change` (events in
 * the review log of a workspace folder), and the status bar item with the readiness
 * forecast (`Exam in 12 days · ready 74 %`).
 */
export const examDates: Feature = (ctx) => {
  const { subscriptions, services } = ctx;
  const { readiness, reviews } = services;
  const status = vscode.window.createStatusBarItem('noteReview.exam', vscode.StatusBarAlignment.Left, 49);
  status.name = 'Note Review: Exam Readiness';
  status.command = 'noteReview.exam.showReadiness';
  subscriptions.push(status);

  let tooltip = '';
  const update = (): void => {
    const shown = statusOf(readiness.folders);
    tooltip = shown?.tooltip ?? '';
    if (shown) {
      status.text = shown.text;
      status.tooltip = shown.tooltip;
      status.command = shown.past ? 'noteReview.clearExamDate' : 'noteReview.exam.showReadiness';
      status.show();
    } else status.hide();
    void vscode.commands.executeCommand('setContext', 'noteReview.hasExamDate', readiness.folders.length > 0);
    void vscode.commands.executeCommand('setContext', 'noteReview.canUndoExamDate', reviews.lastExamChange() !== undefined);
  };
  subscriptions.push(readiness.onDidChange(update));

  registerCommand(ctx, 'noteReview.setExamDate', (args?: unknown) => (isSetArgs(args) ? setFromArgs(ctx, args) : setWithPrompts(ctx)));
  registerCommand(ctx, 'noteReview.clearExamDate', (folder?: unknown) => clearExamDate(ctx, typeof folder === 'string' ? folder : undefined));
  registerCommand(ctx, 'noteReview.undoExamDate', async () => {
    const result = await reviews.undoLastExamChange();
    if (!result) {
      void vscode.window.showInformationMessage('No exam date change to undo in this window.');
      return undefined;
    }
    report(ctx, result, 'Took back the last exam date change.');
    return result.saved;
  });
  // Not in the palette: the status item's click.
  registerCommand(ctx, 'noteReview.exam.showReadiness', async () => {
    const commands = await vscode.commands.getCommands(true);
    return vscode.commands.executeCommand(commands.includes(STATISTICS_COMMAND) ? STATISTICS_COMMAND : 'noteReview.startReview');
  });
  ctx.testProbes?.expose('exam', async () => {
    await readiness.settled();
    update();
    return { status: { visible: readiness.folders.length > 0, text: status.text, tooltip }, folders: readiness.folders, computations: readiness.computations };
  });
};

/** The status item for the nearest exam, or undefined when no folder has one. */
export function statusOf(folders: readonly FolderReadiness[]): { text: string; tooltip: string; past: boolean } | undefined {
  if (folders.length === 0) return undefined;
  const upcoming = folders.filter((f) => f.readiness.daysLeft >= 0).sort((a, b) => a.readiness.daysLeft - b.readiness.daysLeft);
  const lines = folders.map((f) => {
    const r = f.readiness;
    const where = folders.length > 1 || f.folder !== undefined ? ` (${f.folderName})` : '';
    if (r.daysLeft < 0) return `Exam ${r.examDay}${where}: the day has passed; Clear Exam Date ends its plan.`;
    return `Exam ${r.examDay}${where}: predicted score ${formatPercent(r.predictedScore)}, ${r.reviewedCount} of ${r.cardCount} cards reviewed.`;
  });
  const explain =
    'The predicted score is FSRS\'s probability of recalling each card in the exam\'s scope at the start of the exam day, averaged (by section weight when the exam has weights); a card never reviewed counts 0. ' +
    'While an exam date is set, new cards come at the pace that introduces them all before the final week, and the cards least likely to be recalled on the day come first.';
  const nearest = upcoming[0];
  if (!nearest) return { text: `$(calendar) Exam ${folders[0].readiness.examDay} passed`, tooltip: `${lines.join('\n')}\nClick to clear the exam date.`, past: true };
  const r = nearest.readiness;
  const when = r.daysLeft === 0 ? 'today' : `in ${r.daysLeft} ${r.daysLeft === 1 ? 'day' : 'days'}`;
  return { text: `$(calendar) Exam ${when} · ready ${formatPercent(r.predictedScore)}`, tooltip: `${lines.join('\n')}\n\n${explain}\n\nClick for Statistics.`, past: false };
}


function isSetArgs(value: unknown): value is SetExamDateArgs {
  return typeof value === 'object' && value !== null && typeof (value as SetExamDateArgs).date === 'string';
}

/** The folder's label in a multi-root workspace (note keys start with it); undefined with one folder. */
function labelOf(folder: vscode.WorkspaceFolder): string | undefined {
  return (vscode.workspace.workspaceFolders ?? []).length > 1 ? workspaceFolderLabel(folder) : undefined;
}

function today(): number {
  return dayNumber(Date.now(), LOCAL_CALENDAR);
}

function folderOf(text: string | undefined): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('open a folder first: an exam date belongs to a workspace folder');
  if (text === undefined) return folders[0];
  const found = folders.find((f) => f.uri.toString() === text || f.uri.fsPath === text || f.name === text);
  if (!found) throw new Error(`no workspace folder ${text}`);
  return found;
}

async function setFromArgs(ctx: FeatureContext, args: SetExamDateArgs): Promise<boolean> {
  const problem = examDateProblem(args.date, today());
  if (problem) throw new Error(problem);
  const folder = folderOf(args.folder);
  for (const w of args.weights ?? []) if (!(typeof w.weight === 'number' && w.weight > 0)) throw new Error(`the weight of ${w.note} must be a positive number`);
  const result = await ctx.services.reviews.setExam({ folder: labelOf(folder), date: args.date.trim(), scope: args.scope, weights: args.weights });
  report(ctx, result, confirmation(args.date.trim(), folder));
  return result.saved;
}

async function pickFolder(placeHolder: string, among?: readonly vscode.WorkspaceFolder[]): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = among ?? vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('open a folder first: an exam date belongs to a workspace folder');
  if (folders.length === 1) return folders[0];
  const picked = await vscode.window.showQuickPick(
    folders.map((folder) => ({ label: folder.name, description: folder.uri.fsPath, folder })),
    { placeHolder, ignoreFocusOut: true },
  );
  return picked?.folder;
}

interface ScopePick extends vscode.QuickPickItem {
  readonly item?: ExamScopeItem;
}

async function setWithPrompts(ctx: FeatureContext): Promise<boolean | undefined> {
  const { reviews, notes } = ctx.services;
  const folder = await pickFolder('The workspace folder whose exam date to set');
  if (!folder) return undefined;
  const label = labelOf(folder);
  await Promise.all([notes.whenReady(), reviews.whenReady()]);
  const current = reviews.exam(label);
  const date = await vscode.window.showInputBox({
    title: 'Set Exam Date (1/3): the exam day',
    prompt: 'The day of the exam, YYYY-MM-DD. Readiness is predicted for the start of that day.',
    placeHolder: 'YYYY-MM-DD',
    value: current?.date ?? '',
    ignoreFocusOut: true,
    validateInput: (text) => examDateProblem(text, today()),
  });
  if (date === undefined) return undefined;

  // The parts of the exam: notes, and sections holding cards, of this folder.
  const items: ScopePick[] = [];
  const seen = new Set<string>();
  let lastNote: string | undefined;
  for (const card of reviews.cards().values()) {
    if (vscode.workspace.getWorkspaceFolder(card.uri)?.uri.toString() !== folder.uri.toString()) continue;
    if (card.note !== lastNote && !seen.has(card.note)) {
      seen.add(card.note);
      items.push({ label: card.note, kind: vscode.QuickPickItemKind.Separator });
      items.push({ label: `$(file) ${card.note}`, description: 'the whole note', item: { note: card.note } });
    }
    lastNote = card.note;
    for (let depth = 1; depth <= card.card.section.length; depth++) {
      const path = card.card.section.slice(0, depth);
      const key = `${card.note}#${JSON.stringify(path)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push({ label: `${'\u2003'.repeat(depth - 1)}${path[depth - 1]}`, description: path.length > 1 ? path.slice(0, -1).join(' › ') : undefined, item: { note: card.note, section: path } });
    }
  }
  const wasPicked = (item: ExamScopeItem | undefined) => item !== undefined && (current?.scope ?? []).some((s) => s.note === item.note && JSON.stringify(s.section ?? []) === JSON.stringify(item.section ?? []));
  for (const pick of items) if (wasPicked(pick.item)) (pick as vscode.QuickPickItem).picked = true;
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Set Exam Date (2/3): what the exam covers (optional)',
    placeHolder: 'Pick notes or sections, or none for every card of the folder; Enter to go on',
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (picked === undefined) return undefined;
  const scope = picked.flatMap((p) => (p.item ? [p.item] : []));

  let weights: ExamWeightItem[] | undefined;
  if (scope.length >= 2) {
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'No weights', description: 'every card counts the same', weigh: false },
        { label: 'Give each part a weight…', description: 'as the exam guide publishes its domains (30, 26, 24, 20)', weigh: true },
      ],
      { title: 'Set Exam Date (3/3): weights of the parts (optional)', ignoreFocusOut: true },
    );
    if (choice === undefined) return undefined;
    if (choice.weigh) {
      weights = [];
      for (const part of scope) {
        const name = part.section ? `${part.note} › ${part.section.join(' › ')}` : part.note;
        const previous = current?.weights?.find((w) => w.note === part.note && JSON.stringify(w.section ?? []) === JSON.stringify(part.section ?? []));
        const text = await vscode.window.showInputBox({
          title: `Weight of ${name}`,
          prompt: 'A positive number; weights are relative (30 and 70, or 0.3 and 0.7)',
          value: previous ? String(previous.weight) : '',
          ignoreFocusOut: true,
          validateInput: (value) => (parseExamWeight(value) === undefined ? `"${value}" is not a positive number such as 30 or 12.5` : undefined),
        });
        if (text === undefined) return undefined;
        weights.push({ ...part, weight: parseExamWeight(text) as number });
      }
    }
  }
  const result = await reviews.setExam({ folder: label, date: date.trim(), scope, weights });
  report(ctx, result, confirmation(date.trim(), folder), true);
  return result.saved;
}

function confirmation(date: string, folder: vscode.WorkspaceFolder): string {
  const days = (parseDayLabel(date) ?? today()) - today();
  const where = (vscode.workspace.workspaceFolders ?? []).length > 1 ? ` for ${folder.name}` : '';
  return `Exam date ${date} set${where} (${days === 0 ? 'today' : `in ${days} ${days === 1 ? 'day' : 'days'}`}).`;
}

async function clearExamDate(ctx: FeatureContext, folderText: string | undefined): Promise<boolean | undefined> {
  const { reviews } = ctx.services;
  await reviews.whenReady();
  const withExam = (vscode.workspace.workspaceFolders ?? []).filter((f) => reviews.exam(labelOf(f)) !== undefined);
  const folder = folderText !== undefined ? folderOf(folderText) : withExam.length === 0 ? undefined : await pickFolder('The workspace folder whose exam date to clear', withExam);
  if (!folder || !reviews.exam(labelOf(folder))) {
    if (withExam.length === 0) void vscode.window.showInformationMessage('No exam date is set.');
    return undefined;
  }
  const result = await reviews.setExam({ folder: labelOf(folder), date: null });
  report(ctx, result, 'Exam date cleared: the review queue is back to the daily limits.', true);
  return result.saved;
}

/** A short confirmation with Undo, or the error with Retry / Show Log when the event is only in memory. */
function report({ services }: FeatureContext, result: RecordResult, message: string, offerUndo = false): void {
  if (!result.saved) {
    void vscode.window.showErrorMessage(`Note Review: not saved: ${describeWriteError(result.error)}`, 'Retry', 'Show Log').then((choice) => {
      if (choice === 'Retry') void vscode.commands.executeCommand('noteReview.retryReviewLog');
      if (choice === 'Show Log') services.log.show(true);
    });
    return;
  }
  if (!offerUndo) {
    vscode.window.setStatusBarMessage(`Note Review: ${message}`, 4000);
    return;
  }
  void vscode.window.showInformationMessage(message, 'Undo').then((choice) => {
    if (choice === 'Undo') void vscode.commands.executeCommand('noteReview.undoExamDate');
  });
}
