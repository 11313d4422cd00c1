import * as vscode from 'vscode';
import type { Note } from '../../../core';
import { drawMockExam, isMockQuestion, startMockExam } from '../../../core/mock/mock-exam';
import { sectionAt, seededRandom } from '../../../core/quiz/quiz-items';
import { inEntry, type ExamScopeEntry, type SectionWeight } from '../../../core/stats/readiness';
import { registerCommand } from '../../adapters/command';
import { readSetting } from '../../adapters/settings';
import { isNoteDocument, noteKeyOf } from '../../adapters/notes-index';
import { folderEventLabels } from '../../adapters/workspace-folder-label';
import type { Feature } from '../../feature';
import { QuizItemsSource, quizWebviewOptions } from '../quiz';
import { isPersistedMockExam, MOCK_VIEW_TYPE, MockExamPanel, type MockExamPanelDeps, type SourcedQuestion } from './mock-exam-panel';

/** The mock exam settings, read when an exam starts. */
function mockSettings(): { questionCount: number; timeLimitMs: number; passMark: number } {
  const whole = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));
  return {
    questionCount: whole(readSetting('noteReview.mockExam.questionCount'), 1, 1000),
    timeLimitMs: whole(readSetting('noteReview.mockExam.timeLimitMinutes'), 1, 24 * 60) * 60_000,
    passMark: whole(readSetting('noteReview.mockExam.passMark'), 0, 100) / 100,
  };
}

/** What a Start Mock Exam call may be given: a note or section (Sections view row), or options for tests and keybindings. */
interface StartArgs {
  readonly uri?: vscode.Uri;
  readonly section?: { readonly line: number };
  /** Draw with this seed (the CLI's `mock --seed` draws the same questions from the same notes). */
  readonly seed?: number;
  /** Draw from the exam date's scope, by its weights (as the quick pick's first choice when an exam is set). */
  readonly exam?: boolean;
}

function startArgsOf(value: unknown): StartArgs {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as { uri?: unknown; section?: { line?: unknown }; seed?: unknown; exam?: unknown };
  return {
    ...(v.exam === true ? { exam: true } : {}),
    ...(v.uri instanceof vscode.Uri ? { uri: v.uri } : {}),
    ...(typeof v.section === 'object' && v.section !== null && Number.isInteger(v.section.line) ? { section: { line: v.section.line as number } } : {}),
    ...(Number.isSafeInteger(v.seed) ? { seed: v.seed as number } : {}),
  };
}

/**
 * "Note Review: Start Mock Exam…": multiple-choice questions of the workspace, a note or a
 * section, drawn at random, answered against the clock without feedback, then scored.
 */
export const mockExam: Feature = (ctx) => {
  const { services, extensionUri, subscriptions } = ctx;
  const source = new QuizItemsSource(services.notes);
  const panels = new Set<MockExamPanel>();

  const questionsOfNote = (uri: string, note: Note): SourcedQuestion[] => {
    const key = noteKeyOf(vscode.Uri.parse(uri));
    return note.cards.filter(isMockQuestion).map((card) => ({ id: card.id, note: key, section: card.section, card, uri }));
  };
  const deps: MockExamPanelDeps = {
    extensionUri,
    log: services.log,
    notesChanged: services.notes.onDidChange,
    questionsOf: async (uris) => {
      const byId = new Map<string, SourcedQuestion>();
      for (const uri of uris) {
        const note = await source.noteAt(vscode.Uri.parse(uri));
        for (const q of note ? questionsOfNote(uri, note) : []) byId.set(q.id, q);
      }
      return byId;
    },
    rate: async (question, rating, answer) => {
      const result = await services.reviews.rate({ id: question.id, note: question.note, prompt: question.card.prompt }, rating, 0, answer);
      return { saved: result.saved, ...(result.error ? { error: result.error.message } : {}) };
    },
    recordAttempt: async (attempt) => {
      const result = await services.reviews.recordMockAttempt({ ...attempt, folder: undefined });
      return { saved: result.saved, ...(result.error ? { error: result.error.message } : {}) };
    },
  };
  const track = (panel: MockExamPanel): MockExamPanel => {
    panels.add(panel);
    panel.panel.onDidDispose(() => panels.delete(panel));
    return panel;
  };
  subscriptions.push(
    { dispose: () => [...panels].forEach((p) => p.dispose()) },
    vscode.window.registerWebviewPanelSerializer(MOCK_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (!isPersistedMockExam(state)) {
          panel.dispose();
          return;
        }
        track(await MockExamPanel.open(panel, deps, state));
      },
    }),
  );

  registerCommand(ctx, 'noteReview.startMockExam', async (arg?: unknown): Promise<MockExamPanel | undefined> => {
    const args = startArgsOf(arg);
    await services.notes.whenReady();
    const all = services.notes.all().flatMap((entry) => questionsOfNote(entry.uri.toString(), entry.note));
    const examScope = examPlanScope(services);
    const scope = args.exam ? examScope : args.uri ? scopeOfTarget(args.uri, args.section, services.notes.all()) : await pickScope(all, services.notes.all(), examScope);
    if (scope === undefined) {
      if (args.exam) void vscode.window.showInformationMessage('No exam date is set: Note Review: Set Exam Date… sets one, with its scope and weights.');
      return undefined;
    }
    const settings = mockSettings();
    const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
    const drawn = drawMockExam(all, { count: settings.questionCount, random: seededRandom(seed), scope: scope.entries, weights: scope.weights });
    if (drawn.questions.length === 0) {
      void vscode.window.showInformationMessage(`No multiple-choice questions with a marked answer in ${scope.label}: a mock exam asks only those.`);
      return undefined;
    }
    services.log.info(`Mock exam on ${scope.label}: ${drawn.questions.length} questions drawn with seed ${seed}.`);
    const exam = startMockExam(drawn.questions, { now: Date.now(), timeLimitMs: settings.timeLimitMs, random: seededRandom(seed + 1) });
    const sources = Object.fromEntries(drawn.questions.map((q) => [q.id, (q as SourcedQuestion).uri]));
    const panel = vscode.window.createWebviewPanel(MOCK_VIEW_TYPE, 'Mock Exam', vscode.ViewColumn.Active, { ...quizWebviewOptions(extensionUri), retainContextWhenHidden: false });
    return track(await MockExamPanel.open(panel, deps, { v: 1, title: scope.label, passMark: settings.passMark, exam, sources, countedAsReviews: false }));
  });
};

interface MockScope {
  readonly label: string;
  /** Empty: the whole workspace. */
  readonly entries: readonly ExamScopeEntry[];
  /** The exam's section weights: each part gets its share of the questions. */
  readonly weights?: readonly SectionWeight[];
}

/**
 * The scope and weights of the exam date set with Set Exam Date, when there is one. In a
 * multi-root workspace, the first folder's with an exam (note keys there start with the
 * folder's label, as the exam's entries do).
 */
function examPlanScope(services: { reviews: { exam(folder: string | undefined): { date: string; scope?: readonly ExamScopeEntry[]; weights?: readonly SectionWeight[] } | undefined } }): MockScope | undefined {
  for (const label of folderEventLabels()) {
    const exam = services.reviews.exam(label);
    if (!exam) continue;
    const weights = exam.weights ?? [];
    return { label: `Exam of ${exam.date}${weights.length > 0 ? ', by its weights' : ''}`, entries: exam.scope ?? [], weights };
  }
  return undefined;
}

function scopeOfTarget(uri: vscode.Uri, section: { line: number } | undefined, notes: readonly { uri: vscode.Uri; note: Note }[]): MockScope {
  const key = noteKeyOf(uri);
  const note = notes.find((n) => n.uri.toString() === uri.toString())?.note;
  const heading = section && note ? sectionAt(note, section.line) : undefined;
  return heading ? { label: heading.title, entries: [{ note: key, section: heading.path }] } : { label: key, entries: [{ note: key }] };
}

/** Asks what to draw from: the workspace, the active note, or the section under the cursor. */
async function pickScope(all: readonly SourcedQuestion[], notes: readonly { uri: vscode.Uri; note: Note }[], exam: MockScope | undefined): Promise<MockScope | undefined> {
  const count = (entries: readonly ExamScopeEntry[]) => all.filter((q) => entries.length === 0 || entries.some((e) => inEntry(q, e))).length;
  const choices: (vscode.QuickPickItem & { scope: MockScope })[] = [];
  if (exam) choices.push({ label: exam.label, detail: 'The scope set with Set Exam Date', scope: exam });
  choices.push({ label: 'Whole workspace', scope: { label: 'Workspace', entries: [] } });
  const editor = vscode.window.activeTextEditor;
  if (editor && isNoteDocument(editor.document)) {
    const note = scopeOfTarget(editor.document.uri, undefined, notes);
    choices.push({ label: `This note: ${note.label}`, scope: note });
    const section = scopeOfTarget(editor.document.uri, { line: editor.selection.active.line + 1 }, notes);
    if (section.entries[0]?.section) choices.push({ label: `This section: ${section.label}`, scope: section });
  }
  for (const choice of choices) choice.description = `${count(choice.scope.entries)} multiple-choice questions`;
  if (choices.length === 1) return choices[0].scope;
  const picked = await vscode.window.showQuickPick(choices, { title: 'Start Mock Exam', placeHolder: 'Draw the questions from…' });
  return picked?.scope;
}
