import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseNote } from '../../src/core';
import { isMockQuestion, startMockExam } from '../../src/core/mock/mock-exam';
import { MOCK_VIEW_TYPE, MockExamPanel, type MockExamPanelDeps, type SourcedQuestion } from '../../src/vscode/features/mock-exam/mock-exam-panel';
import { quizWebviewOptions } from '../../src/vscode/features/quiz/quiz-page';
import type { QuizPanel } from '../../src/vscode/features/quiz/quiz-panel';
import { activateExtension, revertAndCloseAll, viewWhere, waitFor, workspaceFolder } from './extension-api';

/** A note of its own, so that counting its answers as reviews leaves the sample's cards new for the other tests. */
const NOTE = 'mock-exam-note.md';
const TEXT = `# Mock

## Compute

1. Which service runs virtual servers?

- \`EC2 -> virtual machines by the second.\`
- S3 -> object storage.
- Route 53 -> DNS.

2. Which service runs functions without servers?

- EC2
- \`Lambda\`

## Storage

3. Which TWO are storage services?

- [x] S3
- [x] EBS
- [ ] SQS -> a queue.
`;

interface LogLine {
  kind: string;
  card: string;
  rating: number;
  chosen?: string[];
  correct?: boolean;
  scope?: string;
  answers?: { card: string; note: string; chosen: string[]; correct: boolean }[];
}

function logLines(folder: string): LogLine[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.jsonl'))
    .flatMap((n) => fs.readFileSync(path.join(folder, n), 'utf8').split('\n').filter((l) => l !== ''))
    .map((l) => JSON.parse(l) as LogLine);
}

describe('Mock exam (extension side of the protocol)', () => {
  const uri = () => vscode.Uri.joinPath(workspaceFolder().uri, NOTE);
  let panel: MockExamPanel | undefined;

  before(async () => {
    await activateExtension();
    fs.writeFileSync(uri().fsPath, TEXT);
    await waitFor(async () => ((await vscode.commands.executeCommand<{ rows: { label: string }[] }>('noteReview.sections.snapshot')).rows.some((r) => r.label === NOTE) ? true : undefined), 15_000, 'the new note in the index');
  });

  after(async () => {
    panel?.dispose();
    fs.rmSync(uri().fsPath, { force: true });
    await revertAndCloseAll();
  });

  it('asks every question of the note without giving the answers away, and scores exactly the right options once submitted', async () => {
    panel = await vscode.commands.executeCommand<MockExamPanel>('noteReview.startMockExam', { uri: uri(), seed: 7 });
    assert.ok(panel, 'the command returned no panel');
    assert.equal(panel.panel.title, `Mock Exam: ${NOTE}`);
    await panel.handleMessage({ type: 'ready' });
    const first = await viewWhere(panel, 'question 1', (v) => v.question?.position === 0);
    assert.equal(first.total, 3);
    assert.equal(first.result, undefined);
    assert.ok(first.question?.options.every((o) => o.correct === undefined && o.explanationHtml === undefined), 'nothing is given away before submitting');
    assert.ok(first.deadlineMs - Date.now() > 89 * 60_000, 'the default time limit is 90 minutes');

    // Answer each question through the protocol, the first right and the others wrong, by reading the note's order.
    const state = panel.state.exam;
    const rightShown = (id: string, index: number) => state.optionOrders[id].indexOf(index);
    const prompts = await Promise.all(state.order.map(async (_, position) => {
      await panel!.handleMessage({ type: 'goTo', position });
      return (await viewWhere(panel!, `question ${position + 1}`, (v) => v.question?.position === position)).question!.promptHtml;
    }));
    const servers = prompts.findIndex((p) => /virtual servers/.test(p));
    const functions = prompts.findIndex((p) => /functions without servers/.test(p));
    const storage = prompts.findIndex((p) => /storage services/.test(p));
    await panel.handleMessage({ type: 'choose', position: servers, option: rightShown(state.order[servers], 0) });
    await panel.handleMessage({ type: 'choose', position: functions, option: rightShown(state.order[functions], 0) });
    await panel.handleMessage({ type: 'choose', position: storage, option: rightShown(state.order[storage], 0) });
    await panel.handleMessage({ type: 'flag', position: storage });
    await panel.handleMessage({ type: 'goTo', position: storage });
    const flagged = await viewWhere(panel, 'the flag', (v) => v.question?.position === storage && v.question.flagged);
    assert.equal(flagged.question?.choose, 2, 'two right options: "Choose 2"');
    assert.deepEqual(flagged.nav.map((c) => c.answered), [true, true, true]);

    await panel.handleMessage({ type: 'submit' });
    const done = await viewWhere(panel, 'the results', (v) => v.result !== undefined);
    assert.deepEqual([done.result?.right, done.result?.total, done.result?.unanswered, done.result?.passed, done.result?.scorePercent], [1, 3, 0, false, 33]);
    const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
    assert.deepEqual([...(done.result?.sections ?? [])].sort(byLabel), [
      { label: `${NOTE} > Mock > Compute`, right: 1, total: 2 },
      { label: `${NOTE} > Mock > Storage`, right: 0, total: 1 },
    ]);
    assert.deepEqual([...(done.result?.missed ?? [])].sort(), [functions, storage].sort());
    await panel.handleMessage({ type: 'goTo', position: servers });
    const reviewed = await viewWhere(panel, 'question 1 after submitting', (v) => v.result !== undefined && v.question?.position === servers);
    assert.ok(reviewed.question?.options.some((o) => o.correct === true && /virtual machines by the second/.test(o.explanationHtml ?? '')), 'after submitting, the right option and the note\'s explanation are shown');

    // Answers cannot change after submitting.
    await panel.handleMessage({ type: 'choose', position: functions, option: rightShown(state.order[functions], 1) });
    assert.equal(panel.result()?.right, 1);
  });

  it('keeps the attempt in the review log with the options chosen, once, and changes no schedule until "Count as Reviews", which records right answers as Good and the others as Again, once', async () => {
    assert.ok(panel, 'the previous test opened the exam');
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const ids = new Set(panel.state.exam.order);
    assert.deepEqual(logLines(folder).filter((e) => ids.has(e.card)), [], 'taking the exam rated no card');
    const attempts = await waitFor(() => {
      const found = logLines(folder).filter((e) => e.kind === 'mock' && e.answers?.some((a) => ids.has(a.card)));
      return found.length > 0 ? found : undefined;
    }, 10_000, 'the mock exam line');
    assert.equal(attempts.length, 1, 'one line per attempt, however often the panel redraws');
    const byCard = new Map(attempts[0].answers!.map((a) => [a.card, a]));
    for (const answer of panel.result()!.answers) {
      const options = answer.question.card.options!;
      assert.deepEqual(byCard.get(answer.question.id), { card: answer.question.id, note: NOTE, chosen: [...answer.chosen].sort((a, b) => a - b).map((i) => options[i].label), correct: answer.right });
    }
    assert.equal(attempts[0].scope, NOTE);

    await panel.handleMessage({ type: 'countAsReviews' });
    await viewWhere(panel, 'the reviews counted', (v) => v.result?.countedAsReviews === true);
    const written = logLines(folder).filter((e) => ids.has(e.card) && e.kind === 'review');
    const result = panel.result()!;
    assert.deepEqual(
      written.map((e) => [e.card, e.rating, e.correct]).sort(),
      result.answers.map((a) => [a.question.id, a.right ? 3 : 1, a.right]).sort(),
    );
    assert.ok(written.every((e) => Array.isArray(e.chosen) && e.chosen.length > 0), 'each rating keeps the options chosen');
    await panel.handleMessage({ type: 'countAsReviews' });
    assert.equal(logLines(folder).filter((e) => ids.has(e.card) && e.kind === 'review').length, 3, 'a second click records nothing more');
  });

  it('with an exam date whose weights name one section, draws only from that section', async () => {
    const future = new Date(Date.now() + 30 * 86_400_000);
    const day = `${future.getFullYear()}-${String(future.getMonth() + 1).padStart(2, '0')}-${String(future.getDate()).padStart(2, '0')}`;
    await vscode.commands.executeCommand('noteReview.setExamDate', { date: day, weights: [{ note: NOTE, section: ['Mock', 'Compute'], weight: 1 }] });
    try {
      const exam = await vscode.commands.executeCommand<MockExamPanel>('noteReview.startMockExam', { exam: true, seed: 3 });
      assert.ok(exam, 'the command returned no panel');
      try {
        assert.equal(exam.panel.title, `Mock Exam: Exam of ${day}, by its weights`);
        await exam.handleMessage({ type: 'ready' });
        const view = await viewWhere(exam, 'question 1', (v) => v.question !== undefined);
        assert.equal(view.total, 2, 'the two questions of "Compute", none of "Storage"');
        for (const position of [0, 1]) {
          await exam.handleMessage({ type: 'goTo', position });
          const shown = await viewWhere(exam, `question ${position + 1}`, (v) => v.question?.position === position);
          assert.deepEqual(shown.question?.breadcrumb, ['Mock', 'Compute']);
        }
      } finally {
        exam.dispose();
      }
    } finally {
      await vscode.commands.executeCommand('noteReview.clearExamDate', workspaceFolder().uri.toString());
    }
    assert.equal(await vscode.commands.executeCommand('noteReview.startMockExam', { exam: true, seed: 3 }), undefined, 'no exam date: no panel');
  });

  it('a note without multiple-choice questions gives a message and no panel', async () => {
    const prose = vscode.Uri.joinPath(workspaceFolder().uri, 'mock-exam-prose.md');
    fs.writeFileSync(prose.fsPath, '# Only prose\n\nNothing to ask here.\n');
    try {
      assert.equal(await vscode.commands.executeCommand('noteReview.startMockExam', { uri: prose, seed: 1 }), undefined);
    } finally {
      fs.rmSync(prose.fsPath, { force: true });
    }
  });

  it('a quiz rating of a multiple-choice answer keeps the option chosen and whether it was right', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const quiz = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizNote', uri());
    assert.ok(quiz, 'the command returned no panel');
    try {
      await quiz.handleMessage({ type: 'ready' });
      const view = await viewWhere(quiz, 'question 1 with rating buttons after an answer', (v) => v.screen.kind === 'question');
      assert.ok(view.screen.kind === 'question');
      const q = view.screen.question;
      const wrong = q.options.find((o) => /S3|EC2|SQS/.test(o.labelHtml) && !/Lambda/.test(o.labelHtml));
      assert.ok(wrong);
      await quiz.handleMessage({ type: 'answer', cardId: q.cardId, chosen: [wrong.index] });
      const answered = await viewWhere(quiz, 'the rating buttons', (v) => v.screen.kind === 'question' && v.screen.question.phase === 'answered' && (v.screen.question.ratings?.length ?? 0) === 4);
      assert.ok(answered.screen.kind === 'question');
      const right = answered.screen.question.outcome === 'right';
      const before = logLines(folder).length;
      await quiz.handleMessage({ type: 'rate', cardId: q.cardId, rating: right ? 3 : 1 });
      const line = await waitFor(() => logLines(folder).slice(before).find((e) => e.kind === 'review' && e.card === q.cardId), 10_000, 'the rating line');
      assert.equal(line.rating, right ? 3 : 1);
      const option = wrong.labelHtml.replace(/<[^>]+>/g, '').trim();
      assert.deepEqual([line.chosen, line.correct], [[option], right]);
    } finally {
      quiz.dispose();
    }
  });

  it('an attempt or a rating the log cannot take is shown on the page, not only logged', async () => {
    const note = parseNote(TEXT, { noteKey: NOTE });
    const questions: SourcedQuestion[] = note.cards.filter(isMockQuestion).map((card) => ({ id: card.id, note: NOTE, section: card.section, card, uri: uri().toString() }));
    const { extensionUri } = (await activateExtension()).extension;
    const deps: MockExamPanelDeps = {
      extensionUri,
      log: vscode.window.createOutputChannel('mock exam test', { log: true }),
      questionsOf: async () => new Map(questions.map((q) => [q.id, q])),
      notesChanged: new vscode.EventEmitter<readonly vscode.Uri[]>().event,
      rate: async () => ({ saved: false, error: 'the disk is full' }),
      recordAttempt: async () => ({ saved: false, error: 'the disk is full' }),
    };
    const exam = startMockExam(questions, { now: Date.now(), timeLimitMs: 60_000, random: () => 0.5 });
    const webview = vscode.window.createWebviewPanel(MOCK_VIEW_TYPE, 'Mock Exam', vscode.ViewColumn.Active, quizWebviewOptions(extensionUri));
    const failing = await MockExamPanel.open(webview, deps, { v: 1, title: NOTE, passMark: 0.7, exam, sources: Object.fromEntries(questions.map((q) => [q.id, q.uri])), countedAsReviews: false });
    try {
      await failing.handleMessage({ type: 'ready' });
      assert.equal((await viewWhere(failing, 'question 1', (v) => v.question !== undefined)).error, undefined, 'no error before anything is saved');
      await failing.handleMessage({ type: 'submit' });
      const submitted = await viewWhere(failing, 'the results with an error', (v) => v.result !== undefined && v.error !== undefined);
      assert.match(submitted.error ?? '', /^This attempt is not in the review log yet \(the disk is full\); it is kept/);
      await failing.handleMessage({ type: 'countAsReviews' });
      const counted = await viewWhere(failing, 'the reviews not saved', (v) => /reviews could not be saved/.test(v.error ?? ''));
      assert.equal(counted.result?.countedAsReviews, false, 'not counted: the button stays to try again');
    } finally {
      failing.dispose();
    }
  });
});
