import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StatsJson } from '../../src/cli/stats-command';
import type { ExamSnapshot } from '../../src/vscode/features/exam/exam-feature';
import type { SectionsSnapshotRow } from '../../src/vscode/features/sections/sections-view';
import { activateExtension, waitFor, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const PART_1 = ['AWS AI Practitioner certificate', 'Section 3: Introduction to AWS and cloud computing'];
const PART_2 = ['AWS AI Practitioner certificate', 'Section 5: Amazon bedrock and Generative AI'];

/** Every parsed line of the log folder's segments, in segment then line order. */
function logEvents(folder: string): Record<string, unknown>[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .flatMap((n) => fs.readFileSync(path.join(folder, n), 'utf8').split('\n').filter((l) => l !== ''))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A local day `days` from today, `YYYY-MM-DD`. */
function localDay(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `note-review stats FOLDER --json --exam DAY --weight …`, the bundled CLI: the core's figures from the same log and notes. */
function statsWithCli(extensionPath: string, folder: string, args: string[]): StatsJson {
  const cli = path.join(extensionPath, 'dist', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'stats', folder, '--json', ...args], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  assert.equal(result.status, 0, `the CLI failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as StatsJson;
}

async function examSnapshot(): Promise<ExamSnapshot> {
  const snapshot = await vscode.commands.executeCommand<ExamSnapshot>('noteReview.exam.snapshot');
  assert.ok(snapshot, 'noteReview.exam.snapshot answered');
  return snapshot;
}

function findRow(rows: readonly SectionsSnapshotRow[], label: string): SectionsSnapshotRow | undefined {
  for (const row of rows) {
    if (row.label === label) return row;
    const inside = findRow(row.children, label);
    if (inside) return inside;
  }
  return undefined;
}

describe('Exam date and readiness', () => {
  /** Ratings a test made, taken back after it: later suites count today's new cards. */
  let rated = 0;
  const rate = async (id: string, rating: 1 | 2 | 3 | 4) => {
    const { api } = await activateExtension();
    assert.deepEqual(await api.rateCard(id, rating), { saved: true });
    rated++;
  };
  afterEach(async () => {
    for (; rated > 0; rated--) assert.equal(await vscode.commands.executeCommand('noteReview.undoLastRating'), true);
    // Later suites expect no exam plan in the queue.
    if ((await examSnapshot()).folders.length > 0) await vscode.commands.executeCommand('noteReview.clearExamDate', workspaceFolder().uri.toString());
    assert.equal((await examSnapshot()).folders.length, 0, 'cleared');
  });

  it('Set Exam Date appends an exam event to the folder\'s review log; Undo Exam Date Change takes it back with an undo line', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const day = localDay(40);
    const before = logEvents(folder).length;
    const saved = await vscode.commands.executeCommand('noteReview.setExamDate', { date: day, scope: [{ note: SAMPLE, section: PART_1 }] });
    assert.equal(saved, true);
    const events = logEvents(folder);
    assert.equal(events.length, before + 1);
    const event = events.at(-1) ?? {};
    assert.deepEqual([event.kind, event.date, event.scope, event.folder], ['exam', day, [{ note: SAMPLE, section: PART_1 }], undefined]);
    const set = await examSnapshot();
    assert.equal(set.folders.length, 1);
    assert.equal(set.folders[0].readiness.examDay, day);
    assert.equal(set.folders[0].readiness.daysLeft, 40);
    assert.ok(set.status.visible);

    assert.equal(await vscode.commands.executeCommand('noteReview.undoExamDate'), true);
    const undo = logEvents(folder).at(-1) ?? {};
    assert.deepEqual([undo.kind, undo.card, undo.target], ['undo', 'exam', event.id]);
    const undone = await examSnapshot();
    assert.deepEqual(undone.folders, [], 'no exam date once the only change is undone');
    assert.equal(undone.status.visible, false);
  });

  it('refuses a past or malformed date with a message saying why, and writes nothing', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const before = logEvents(folder).length;
    const errors: string[] = [];
    const original = vscode.window.showErrorMessage;
    // The command wrapper shows the error; the test reads it instead of a notification.
    (vscode.window as { showErrorMessage: unknown }).showErrorMessage = (message: string) => {
      errors.push(message);
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand('noteReview.setExamDate', { date: localDay(-1) });
      await vscode.commands.executeCommand('noteReview.setExamDate', { date: '2030-02-30' });
    } finally {
      (vscode.window as { showErrorMessage: unknown }).showErrorMessage = original;
    }
    assert.deepEqual(errors, [`Note Review: ${localDay(-1)} is in the past (today is ${localDay(0)}): pick today or a later day.`, 'Note Review: "2030-02-30" is not a real day of the calendar.']);
    assert.equal(logEvents(folder).length, before);
  });

  it('readiness, the section descriptions and the status bar show the figures the core computes from the same log and notes', async function () {
    this.timeout(120_000);
    const { api, extension } = await activateExtension();
    const folderPath = workspaceFolder().uri.fsPath;
    // Some history: cards of both parts reviewed today, so that the predicted recall is neither 0 nor 1.
    const queue = await api.reviewQueue();
    const cards = [...queue.newCards, ...queue.learning, ...queue.dueNow].slice(0, 8);
    for (const [i, id] of cards.entries()) await rate(id, i % 3 === 0 ? 2 : 3);
    const day = localDay(12);
    await vscode.commands.executeCommand('noteReview.setExamDate', { date: day, weights: [{ note: SAMPLE, section: PART_1, weight: 60 }, { note: SAMPLE, section: PART_2, weight: 40 }] });

    const snapshot = await examSnapshot();
    const core = statsWithCli(extension.extensionPath, folderPath, ['--exam', day, '--weight', `${SAMPLE}#${PART_1.join('>')}=60`, '--weight', `${SAMPLE}#${PART_2.join('>')}=40`]);
    assert.ok(core.exam);
    const shown = snapshot.folders[0].readiness;
    const want = core.exam.readiness;
    assert.deepEqual([shown.examDay, shown.daysLeft, shown.cardCount, shown.reviewedCount], [want.examDay, want.daysLeft, want.cardCount, want.reviewedCount]);
    assert.ok(shown.reviewedCount >= cards.length, `${shown.reviewedCount} reviewed`);
    assert.ok(Math.abs(shown.predictedScore - want.predictedScore) < 1e-9, `${shown.predictedScore} vs ${want.predictedScore}`);
    assert.ok(want.predictedScore > 0 && want.predictedScore < 1, String(want.predictedScore));
    assert.deepEqual(
      shown.weighted.map((w) => [w.weight, w.cardCount, w.predictedRecall.toFixed(9)]),
      want.weighted.map((w) => [w.weight, w.cardCount, w.predictedRecall.toFixed(9)]),
    );
    assert.deepEqual(
      shown.sections.map((s) => [s.section.join(' > '), s.cardCount, s.predictedRecall.toFixed(9)]),
      want.sections.map((s) => [s.section.join(' > '), s.cardCount, s.predictedRecall.toFixed(9)]),
    );

    assert.equal(snapshot.status.text, `$(calendar) Exam in 12 days · ready ${Math.round(want.predictedScore * 100)}%`);
    assert.match(snapshot.status.tooltip, new RegExp(`Exam ${day}: predicted score ${Math.round(want.predictedScore * 100)}%, ${want.reviewedCount} of ${want.cardCount} cards reviewed`));

    // A top-level part's row: its cards' predicted recall, its subsections' cards included.
    const part = want.sections.filter((s) => PART_1.every((title, i) => s.section[i] === title));
    const partRecall = part.reduce((sum, s) => sum + s.predictedRecall * s.cardCount, 0) / part.reduce((n, s) => n + s.cardCount, 0);
    const row = await waitFor(
      async () => {
        const tree = await vscode.commands.executeCommand<{ rows: SectionsSnapshotRow[] }>('noteReview.sections.snapshot');
        const found = findRow(tree?.rows ?? [], PART_1[1]);
        return found?.description.includes('exam ') ? found : undefined;
      },
      10_000,
      'the Sections view to show the exam figure',
    );
    assert.match(row.description, new RegExp(` · exam ${Math.round(partRecall * 100)}%$`));
    assert.match(row.tooltip, new RegExp(`Predicted recall on the exam day \\(${day}\\): ${Math.round(partRecall * 100)}%`));
  });

  it('recomputes once for a burst of changes, not once per change', async () => {
    const { api } = await activateExtension();
    await vscode.commands.executeCommand('noteReview.setExamDate', { date: localDay(20) });
    const before = (await examSnapshot()).computations;
    const queue = await api.reviewQueue();
    // Four ratings at once: four changes of the schedules, well within the debounce.
    await Promise.all([...queue.newCards, ...queue.learning].slice(0, 4).map((id) => rate(id, 3)));
    const after = (await examSnapshot()).computations;
    assert.ok(after - before >= 1, 'readiness was computed again');
    assert.ok(after - before <= 2, `${after - before} computations for four ratings`);
  });

  it('while an exam date is set, the queue offers new cards of its scope only, fewer a day when the exam is far', async () => {
    const { api } = await activateExtension();
    const note = await api.getNoteJson(vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE));
    const part = new Set(note.cards.filter((c) => c.section.startsWith(PART_1.join(' > '))).map((c) => c.id));
    const before = await api.reviewQueue();
    assert.ok(before.newCards.some((id) => !part.has(id)), 'without an exam, new cards from everywhere');

    await vscode.commands.executeCommand('noteReview.setExamDate', { date: localDay(200), scope: [{ note: SAMPLE, section: PART_1 }] });
    const planned = await api.reviewQueue();
    assert.ok(planned.newCards.length > 0, 'some new cards today');
    assert.ok(planned.newCards.every((id) => part.has(id)), 'only cards of the scope');
    assert.ok(planned.newCards.length < before.newCards.length, `${planned.newCards.length} a day spread over 200 days, not ${before.newCards.length}`);

    assert.equal(await vscode.commands.executeCommand('noteReview.undoExamDate'), true);
    assert.deepEqual((await api.reviewQueue()).newCards, before.newCards, 'the daily limits again');
  });
});
