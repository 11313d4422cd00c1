import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../../src/core';
import { readReviewLog, ReviewHistory, ReviewScheduler } from '../../../src/core/review';
import { createNodeCliIo } from '../../../src/cli/node-cli-io';
import { runCli } from '../../../src/cli/run-cli';
import type { StatsJson } from '../../../src/cli/stats-command';
import { MemoryModel } from '../../../src/core/stats/memory-model';
import { predictReadiness } from '../../../src/core/stats/readiness';
import { computeReviewStats, type StatsCard } from '../../../src/core/stats/review-stats';
import { DAY, MINUTE, T0 } from '../review-support';

const AWS = '# Compute\n\n1. What is EC2?\n\n- `Virtual servers`\n- A database\n\n## Lambda\n\nLambda::Functions without servers\n\n# Storage\n\nS3::Object storage\n';
const GCP = '# GCP\n\nGCE::Virtual machines\n';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A workspace folder with notes and a review log, and `note-review` runs in it at T0 (UTC). */
class Workspace {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-stats-'));
  private seq = 0;

  write(file: string, content: string): this {
    const full = path.join(this.root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return this;
  }

  /** The card ids of a note, as the extension computes them (note key = path in the workspace). */
  ids(file: string, text: string): string[] {
    return parseNote(text, { noteKey: file }).cards.map((c) => c.id);
  }

  /** Appends ratings to the log's segment `w.jsonl`. */
  rate(card: string, time: number, rating: number, durationMs?: number): this {
    const line = JSON.stringify({ v: 1, id: `w.${++this.seq}`, kind: 'review', card, time, rating, ...(durationMs === undefined ? {} : { durationMs }) });
    fs.mkdirSync(path.join(this.root, '.note-review/log'), { recursive: true });
    fs.appendFileSync(path.join(this.root, '.note-review/log/w.jsonl'), `${line}\n`);
    return this;
  }

  run(argv: string[]): Run {
    let stdout = '';
    let stderr = '';
    const io = createNodeCliIo({ cwd: this.root, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), now: () => T0, utcOffsetMs: () => 0 });
    return { status: runCli(argv, io), stdout, stderr };
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

describe('note-review stats', () => {
  let ws: Workspace;
  let aws: string[];
  let gcp: string[];
  beforeEach(() => {
    ws = new Workspace().write('notes/aws.md', AWS).write('gcp.md', GCP);
    aws = ws.ids('notes/aws.md', AWS);
    gcp = ws.ids('gcp.md', GCP);
    assert.equal(aws.length, 3);
  });
  afterEach(() => ws.dispose());

  /** EC2 learnt 20 days ago, forgotten 5 days ago; Lambda yesterday (Easy); GCE today without a duration. */
  function history(): void {
    ws.rate(aws[0], T0 - 20 * DAY, 3, 6000)
      .rate(aws[0], T0 - 20 * DAY + 10 * MINUTE, 3, 4000)
      .rate(aws[0], T0 - 5 * DAY, 1, 9000)
      .rate(aws[1], T0 - DAY, 4, 3000)
      .rate(gcp[0], T0 - 30 * MINUTE, 3);
  }

  it('--json prints the figures the core computes from the same log and notes', () => {
    history();
    const result = ws.run(['stats', '--json', '.']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const json = JSON.parse(result.stdout) as StatsJson;
    const cards: StatsCard[] = [
      ...parseNote(GCP, { noteKey: 'gcp.md' }).cards.map((c) => ({ id: c.id, note: 'gcp.md', section: c.section, prompt: c.prompt })),
      ...parseNote(AWS, { noteKey: 'notes/aws.md' }).cards.map((c) => ({ id: c.id, note: 'notes/aws.md', section: c.section, prompt: c.prompt })),
    ];
    const read = readReviewLog([{ name: 'w.jsonl', text: fs.readFileSync(path.join(ws.root, '.note-review/log/w.jsonl'), 'utf8') }]);
    const scheduler = new ReviewScheduler();
    const expected = computeReviewStats({ events: read.events, cards, history: ReviewHistory.fromEvents(read.events, scheduler), now: T0, settings: scheduler.settings });
    assert.deepEqual(json.stats, JSON.parse(JSON.stringify(expected)));
    // S3 never reviewed; EC2 relearning and GCE in its learning steps; Lambda graduated by Easy.
    assert.deepEqual(json.stats.cardCounts, { total: 4, new: 1, learning: 2, review: 1, suspended: 0 });
    assert.deepEqual(json.stats.totals, { reviews: 5, studyMs: 22000, untimedReviews: 1, daysStudied: 4 });
    assert.equal(json.stats.streakDays, 2);
    assert.equal(json.log, '.note-review/log');
    assert.equal(json.exam, undefined);
  });

  it('prints a summary of the figures', () => {
    history();
    const result = ws.run(['stats', '.']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 6), [
      'Statistics of workspace, 2025-01-06',
      'Cards: 4 (1 new, 2 learning, 1 review, 0 suspended)',
      'Reviews: 5 on 4 days; past year 5, past 30 days 5, today 1; streak 2 days',
      'Study time: 22s recorded; past 30 days 22s, today 0s; 1 review without a recorded time',
      lines[4],
      'True retention: past year 0% of 1 reviews in review state; this week 0% of 1; desired 90%',
    ]);
    assert.match(lines[4], /^Due: today [0-9]+, next 30 days 3, next 90 days 3$/);
    assert.deepEqual(lines.slice(6, 11), ['Answer buttons (Again / Hard / Good / Easy):', '  new         0 / 0 / 2 / 1', '  learning    0 / 0 / 1 / 0', '  review      1 / 0 / 0 / 0', '  relearning  0 / 0 / 0 / 0']);
    assert.match(result.stdout, /\n {2}notes\/aws\.md > Compute {2}[0-9.]+%; –\n/, 'EC2 was reviewed 20 days ago, not 4 weeks ago');
  });

  it('lists the questions missed most often, the wrong options chosen, mock exams and, with an exam date, readiness over time', () => {
    history();
    const append = (event: Record<string, unknown>) => fs.appendFileSync(path.join(ws.root, '.note-review/log/w.jsonl'), `${JSON.stringify({ v: 1, ...event })}\n`);
    append({ id: 'w.c1', kind: 'review', card: aws[0], time: T0 - 3 * DAY, rating: 1, chosen: ['A database'], correct: false });
    append({ id: 'w.c2', kind: 'review', card: aws[0], time: T0 - 2 * DAY, rating: 2, chosen: ['A database'], correct: false });
    append({ id: 'w.m1', kind: 'mock', time: T0 - DAY, scope: 'Workspace', passMark: 0.7, durationMs: 90_000, answers: [{ card: aws[0], note: 'notes/aws.md', chosen: ['Virtual servers'], correct: true }] });
    const result = ws.run(['stats', '--exam', '2025-01-27', '.']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    const from = (heading: string, count: number) => lines.slice(lines.indexOf(heading), lines.indexOf(heading) + count + 1);
    assert.deepEqual(from('Missed most often (misses of answers):', 1), ['Missed most often (misses of answers):', '  3 of 6  What is EC2?  (notes/aws.md > Compute, last 2025-01-04)']);
    assert.deepEqual(from('Wrong options chosen most often:', 1), ['Wrong options chosen most often:', '  2×  "A database" for: What is EC2?']);
    assert.deepEqual(from('Mock exams:', 1), ['Mock exams:', '  2025-01-05  100% (1 of 1), passed at 70%; Workspace']);
    assert.match(result.stdout, /\nReadiness for 2025-01-27: [0-9.]+% now, [0-9.]+% a week ago \(2024-12-30\)\n/);
  });

  it('on a note, finds the workspace log above it and keeps to that note', () => {
    history();
    const result = ws.run(['stats', '--json', 'notes/aws.md']);
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout) as StatsJson;
    assert.deepEqual(json.stats.scope, { kind: 'note', note: 'notes/aws.md' });
    assert.equal(json.workspace, '.');
    assert.deepEqual(json.stats.cardCounts, { total: 3, new: 1, learning: 1, review: 1, suspended: 0 });
    assert.equal(json.stats.totals.reviews, 4);
  });

  it('--exam adds the predicted score on the exam day and the new-card allowance', () => {
    history();
    const result = ws.run(['stats', '--json', '--exam', '2025-01-27', '--weight', 'notes/aws.md#Compute=3', '--weight=gcp.md=1', '.']);
    assert.equal(result.status, 0, result.stderr);
    const exam = (JSON.parse(result.stdout) as StatsJson).exam;
    assert.ok(exam);
    assert.equal(exam.readiness.examDay, '2025-01-27');
    assert.equal(exam.readiness.daysLeft, 21);
    assert.deepEqual(exam.readiness.weighted.map((w) => [w.weight, w.cardCount]), [[3, 2], [1, 1]]);
    assert.equal(exam.readiness.unweightedCards, 1, 'S3 in Storage is under no weight');
    // The same prediction straight from the core.
    const scheduler = new ReviewScheduler();
    const read = readReviewLog([{ name: 'w.jsonl', text: fs.readFileSync(path.join(ws.root, '.note-review/log/w.jsonl'), 'utf8') }]);
    const hist = ReviewHistory.fromEvents(read.events, scheduler);
    const cards: StatsCard[] = [
      ...parseNote(GCP, { noteKey: 'gcp.md' }).cards.map((c) => ({ id: c.id, note: 'gcp.md', section: c.section, prompt: c.prompt })),
      ...parseNote(AWS, { noteKey: 'notes/aws.md' }).cards.map((c) => ({ id: c.id, note: 'notes/aws.md', section: c.section, prompt: c.prompt })),
    ];
    const memory = (id: string) => {
      const s = hist.card(id)?.schedule;
      return s ? MemoryModel.fromSchedule(s) : undefined;
    };
    const expected = predictReadiness(cards, memory, { date: '2025-01-27', weights: [{ note: 'notes/aws.md', section: ['Compute'], weight: 3 }, { note: 'gcp.md', section: [], weight: 1 }] }, { now: T0, model: new MemoryModel() });
    assert.deepEqual(exam.readiness, JSON.parse(JSON.stringify(expected)));
    assert.deepEqual(exam.plan, { perDay: 1, introduceByDay: Date.UTC(2025, 0, 19) / DAY, daysLeft: 14, fitsBeforeFinalWeek: true, newCardsLeft: 1, newPerDayLimit: 20 });
    const text = ws.run(['stats', '--exam', '2025-01-27', '.']).stdout;
    assert.match(text, /\nExam 2025-01-27 \(in 21 days\): predicted score [0-9.]+%; 3 of 4 cards reviewed\n/);
    assert.match(text, /\nPlan: 1 new card a day \(1 left, daily limit 20\), all introduced before the final week\n$/);
  });

  it('without a review log, every card counts as new and stderr says why', () => {
    const result = ws.run(['stats', '--json', '.']);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /\.note-review\/log: no review log there: every card counts as new/);
    assert.deepEqual((JSON.parse(result.stdout) as StatsJson).stats.cardCounts, { total: 4, new: 4, learning: 0, review: 0, suspended: 0 });
  });

  it('skips unreadable log lines, says how many, and counts the rest', () => {
    history();
    fs.appendFileSync(path.join(ws.root, '.note-review/log/w.jsonl'), '{"v":1,"id":"w.99","kind":"review"\nnot json\n');
    const result = ws.run(['stats', '--json', '.']);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /2 unreadable lines skipped/);
    assert.equal((JSON.parse(result.stdout) as StatsJson).stats.totals.reviews, 5);
  });

  it('a bad exam date, a weight without an exam, or two paths is an error with exit status 2', () => {
    const bad = ws.run(['stats', '--exam', '2025-02-30', '.']);
    assert.deepEqual([bad.status, bad.stdout], [2, '']);
    assert.match(bad.stderr, /--exam: '2025-02-30' is not a day written YYYY-MM-DD/);
    assert.match(ws.run(['stats', '--weight', 'gcp.md=1', '.']).stderr, /--weight needs --exam/);
    assert.match(ws.run(['stats', '--exam', '2025-02-01', '--weight', 'gcp.md=-1', '.']).stderr, /positive number/);
    assert.match(ws.run(['stats', '.', 'gcp.md']).stderr, /stats takes one workspace folder or note/);
    assert.match(ws.run(['lint', '--exam', '2025-02-01', '.']).stderr, /--exam is an option of stats, not of lint/);
    assert.match(ws.run(['stats', 'missing']).stderr, /missing: no such file or directory/);
  });
});
