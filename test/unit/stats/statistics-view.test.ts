import * as assert from 'node:assert/strict';
import { plainTextOf } from '../../../src/core/parse/inline-text';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../../src/core';
import { readReviewLog, ReviewHistory, ReviewScheduler, type LogSegment } from '../../../src/core/review';
import { createNodeCliIo } from '../../../src/cli/node-cli-io';
import { runCli } from '../../../src/cli/run-cli';
import type { StatsJson } from '../../../src/cli/stats-command';
import type { StatsCard, StatsScope } from '../../../src/core/stats/review-stats';
import { LiveStats } from '../../../src/core/stats/live-stats';
import { isPersistedStatistics, isStatisticsToExtensionMessage, type StatisticsView } from '../../../src/protocol/statistics-protocol';
import { presentStatistics } from '../../../src/vscode/features/statistics/statistics-presenter';
import { T0 } from '../review-support';
import { seededReviewLog } from './seeded-review-log';

const ROOT = path.resolve(__dirname, '../../../..');
const SAMPLE = 'aws-ai-practitioner-notes.md';
const sampleText = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'workspace', SAMPLE), 'utf8');

/** The panel's path (`LiveStats`, as `StatisticsSource` runs it) over one segment, with the history folded as the review service folds it. */
function panelStats(segments: LogSegment[], cards: readonly StatsCard[], extra: { scope?: StatsScope } = {}, pause: () => Promise<void> = async () => undefined, sliceMs = 15) {
  const scheduler = new ReviewScheduler();
  const history = ReviewHistory.fromEvents(readReviewLog(segments).events, scheduler);
  const live = new LiveStats({ history: () => history, readLog: async () => segments, settings: () => scheduler.settings }, { offsetMs: () => 0 }, pause, sliceMs);
  return live.compute(cards, extra.scope ?? { kind: 'workspace' }, T0);
}

/** The view's figures put back in the CLI's shape, to compare number for number. */
function asCliFigures(view: StatisticsView) {
  return {
    today: view.today,
    desiredRetention: view.desiredRetention,
    streakDays: view.streakDays,
    totals: view.totals,
    days: { firstDay: view.days[0].date, reviews: view.days.map((d) => d.reviews), studyMs: view.days.map((d) => d.studyMs), untimedReviews: view.days.map((d) => d.untimedReviews) },
    forecast: { firstDay: view.forecast.days[0].date, due: view.forecast.days.map((d) => d.due), next30Days: view.forecast.next30Days, next90Days: view.forecast.next90Days },
    retention: view.retention.weeks,
    retentionPastYear: view.retention.pastYear,
    buttons: Object.fromEntries(view.buttons.map((row) => [row.phase, row.counts])),
    cardCounts: view.cardCounts,
    recallTimes: view.recall.times,
    sectionRecall: view.recall.sections.map((s) => ({ note: s.note, section: s.section, cardCount: s.cardCount, averageRecall: s.averageRecall })),
    mostMissed: view.mostMissed.map((m) => ({ card: m.cardId, note: SAMPLE, section: m.location.split(' › ').slice(1), question: m.question, answers: m.answers, misses: m.misses, lastMissed: m.lastMissed })),
    wrongChoices: view.wrongChoices.map((w) => ({ card: w.cardId, note: SAMPLE, question: w.question, choice: w.choice, times: w.times, last: w.last })),
    mockExams: view.mockExams.map((m) => ({ day: m.date, scope: m.scope, right: m.right, total: m.total, score: m.score, passMark: m.passMark, passed: m.passed, durationMs: m.durationMs })),
  };
}

/** What `stats --json` prints that the view shows: all but the scope (the title says it) and a mock exam's exact time. */
function cliFigures(json: StatsJson) {
  const { scope: _scope, mockExams, ...figures } = json.stats;
  return { ...figures, mockExams: mockExams.map(({ time: _time, ...m }) => m) };
}

describe('the Statistics view and note-review stats', () => {
  let root: string;
  let cards: StatsCard[];
  let segment: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-statistics-view-'));
    fs.writeFileSync(path.join(root, SAMPLE), sampleText);
    const parsed = parseNote(sampleText, { noteKey: SAMPLE }).cards;
    cards = parsed.map((c) => ({ id: c.id, note: SAMPLE, section: c.section, prompt: c.prompt }));
    const choices = new Map(parsed.filter((c) => c.options?.some((o) => o.correct)).map((c) => [c.id, { options: c.options!.map((o) => plainTextOf(o.label)), right: plainTextOf(c.options!.find((o) => o.correct)!.label) }]));
    const lines = seededReviewLog({ cards: cards.map((c) => c.id), now: T0, days: 150, seed: 12, newCards: 3, suspended: 2, choices, mockExams: 4, note: SAMPLE });
    segment = `${lines.join('\n')}\n`;
    fs.mkdirSync(path.join(root, '.note-review', 'log'), { recursive: true });
    fs.writeFileSync(path.join(root, '.note-review', 'log', 'seeded.jsonl'), segment);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function cliJson(argv: string[]): StatsJson {
    let stdout = '';
    let stderr = '';
    const io = createNodeCliIo({ cwd: root, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), now: () => T0, utcOffsetMs: () => 0 });
    assert.equal(runCli(argv, io), 0, stderr);
    assert.equal(stderr, '');
    return JSON.parse(stdout) as StatsJson;
  }

  it('the view shows the numbers --json prints for the same log and notes, computed in slices', async () => {
    const json = cliJson(['stats', '--json', '.']);
    let pauses = 0;
    const { stats, unreadableLines } = await panelStats([{ name: 'seeded.jsonl', text: segment }], cards, {}, async () => void pauses++, 0);
    const view = presentStatistics(stats);
    // Through JSON, as postMessage sends it.
    const posted = JSON.parse(JSON.stringify(view)) as StatisticsView;
    assert.equal(unreadableLines, 0);
    assert.ok(pauses > 0, 'the computation never gave the host a turn');
    assert.deepEqual(asCliFigures(posted), cliFigures(json));
    assert.equal(posted.title, 'Workspace');

    // The seeded history exercises every figure: none of them is empty.
    assert.ok(posted.totals.reviews > 50, `${posted.totals.reviews} reviews`);
    assert.ok(posted.totals.untimedReviews > 0 && posted.totals.studyMs > 0);
    assert.ok(posted.streakDays >= 2);
    assert.ok(posted.forecast.next90Days > 0);
    assert.ok(posted.retention.pastYear.reviews > 0);
    assert.deepEqual(
      posted.buttons.map((row) => row.counts.reduce((a, b) => a + b, 0) > 0),
      [true, true, true, true],
      'answers on new, learning, review and relearning cards',
    );
    assert.equal(posted.cardCounts.suspended, 2);
    assert.equal(posted.cardCounts.new, 3);
    assert.ok(posted.recall.sections.some((s) => s.averageRecall.at(-1) !== null));
    assert.equal(posted.days.length, 365);
    assert.equal(posted.days.at(-1)?.date, json.stats.today);
    assert.equal(posted.mostMissed.length, 10);
    assert.ok(posted.wrongChoices.length > 0 && posted.wrongChoices[0].times >= 2, 'a favourite wrong option recurs');
    assert.equal(posted.mockExams.length, 4);
  });

  it('a note scope keeps to that note, like `stats PATH` on the note', async () => {
    const json = cliJson(['stats', '--json', SAMPLE]);
    const { stats } = await panelStats([{ name: 'seeded.jsonl', text: segment }], cards, { scope: { kind: 'note', note: SAMPLE } });
    const view = presentStatistics(stats);
    assert.equal(view.title, SAMPLE);
    assert.deepEqual(asCliFigures(JSON.parse(JSON.stringify(view)) as StatisticsView), cliFigures(json));
  });

  it('a section scope is titled by its breadcrumb and counts only its cards', async () => {
    const section = cards.find((c) => c.section.length >= 2)?.section.slice(0, 2);
    assert.ok(section, 'the sample has a subsection');
    const { stats } = await panelStats([{ name: 'seeded.jsonl', text: segment }], cards, { scope: { kind: 'section', note: SAMPLE, section } });
    const view = presentStatistics(stats);
    assert.equal(view.title, [SAMPLE, ...section].join(' › '));
    const inSection = cards.filter((c) => section.every((t, i) => c.section[i] === t)).length;
    assert.equal(view.cardCounts.total, inSection);
    assert.ok(view.recall.sections.every((s) => section.every((t, i) => s.section[i] === t)));
  });

  it('days without a recorded duration stay unknown: their reviews are counted, their time is not invented', async () => {
    const lines = [
      JSON.stringify({ v: 1, id: 'w.1', kind: 'review', card: cards[0].id, time: T0 - 3_600_000, rating: 3, durationMs: 5000 }),
      JSON.stringify({ v: 1, id: 'w.2', kind: 'review', card: cards[1].id, time: T0 - 3_000_000, rating: 3 }),
    ];
    const { stats } = await panelStats([{ name: 'w.jsonl', text: `${lines.join('\n')}\n` }], cards);
    const today = presentStatistics(stats).days.at(-1);
    assert.deepEqual(today, { date: '2025-01-06', reviews: 2, studyMs: 5000, untimedReviews: 1 });
  });
});

describe('the Statistics webview protocol', () => {
  it('accepts the messages the page sends and refuses anything else', () => {
    assert.ok(isStatisticsToExtensionMessage({ type: 'ready' }));
    assert.ok(isStatisticsToExtensionMessage({ type: 'refresh' }));
    assert.ok(isStatisticsToExtensionMessage({ type: 'setForecastRange', days: 90 }));
    assert.ok(!isStatisticsToExtensionMessage({ type: 'setForecastRange', days: 45 }));
    assert.ok(!isStatisticsToExtensionMessage({ type: 'rate', rating: 3 }));
    assert.ok(!isStatisticsToExtensionMessage(null));
    assert.ok(!isStatisticsToExtensionMessage('ready'));
  });

  it('restores only well-formed kept state', () => {
    assert.ok(isPersistedStatistics({ version: 1, scope: { kind: 'workspace' }, forecastRange: 30 }));
    assert.ok(isPersistedStatistics({ version: 1, scope: { kind: 'section', uri: 'file:///n.md', path: ['A', 'B'] }, forecastRange: 90 }));
    assert.ok(!isPersistedStatistics({ version: 1, scope: { kind: 'section', uri: 'file:///n.md', path: [] }, forecastRange: 30 }));
    assert.ok(!isPersistedStatistics({ version: 2, scope: { kind: 'workspace' }, forecastRange: 30 }));
    assert.ok(!isPersistedStatistics({ version: 1, scope: { kind: 'note' }, forecastRange: 30 }));
    assert.ok(!isPersistedStatistics(undefined));
  });
});
