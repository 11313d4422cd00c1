// A log written by the release before issue 11 (commit 56b7f17, fixture made with that
// code: test/fixtures/review-log-v1) loads unchanged: same events, same problems, same
// schedules; its old snapshot is not trusted (another format) and gives way to a replay.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkReviewLog, ReviewBook, ReviewScheduler, type ReviewEvent } from '../../src/core/review';
import { ReviewLogFiles, ReviewStateFile } from '../../src/node/review-log-files';
import { TestClock, testScheduler } from './review-support';

const fixture = path.resolve(__dirname, '../../../test/fixtures/review-log-v1');

interface ExpectedCard {
  id: string;
  schedule: Record<string, unknown>;
  suspended: boolean;
  note?: string;
  question?: string;
  reviewCount: number;
  introducedAt?: number;
  repeatTimes: number[];
}

describe('Review log written by the release (fixture from commit 56b7f17)', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8')) as { eventCount: number; lineCount: number; problems: unknown[]; cards: ExpectedCard[] };
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-compat-'));
    fs.cpSync(fixture, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const load = async (writer: string) => {
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), writer), new TestClock(), testScheduler());
    const read = await book.load();
    return { book, read };
  };

  /** The cards as the fixture recorded them; a card reset to new is now as if never reviewed (issue 11), the one documented change. */
  const compare = (book: ReviewBook) => {
    const forgotten = new Set(['card-5']);
    for (const want of expected.cards) {
      const got = book.history.card(want.id);
      assert.ok(got, `card ${want.id} loads`);
      assert.deepEqual([got.suspended, got.note, got.question], [want.suspended, want.note, want.question], want.id);
      if (forgotten.has(want.id)) {
        const { reps: _r, lapses: _l, ...rest } = want.schedule;
        const { reps, lapses, ...gotRest } = got.schedule;
        assert.deepEqual(gotRest, rest, `${want.id}: the same schedule`);
        assert.deepEqual([got.reviewCount, reps, lapses], [1, 1, 0], `${want.id}: only the review since the reset counts`);
      } else {
        assert.deepEqual(got.schedule, want.schedule, `${want.id}: the same schedule`);
        assert.deepEqual([got.reviewCount, got.introducedAt, [...got.repeatTimes]], [want.reviewCount, want.introducedAt, want.repeatTimes], want.id);
      }
    }
    assert.equal([...book.history.cards()].length, expected.cards.length);
    assert.equal(book.history.eventCount, expected.eventCount);
  };

  it('loads every event, reports the same two bad lines, and folds the same schedules', async () => {
    const { book, read } = await load('reader');
    assert.equal(read.lineCount, expected.lineCount);
    assert.deepEqual(read.problems, expected.problems);
    compare(book);
  });

  it('the release\'s snapshot is not used (no checksum), the log is replayed to the same state', async () => {
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), 'reader'), new TestClock(), testScheduler());
    const result = await book.start(new ReviewStateFile(path.join(dir, 'review-state.jsonl')), async () => undefined);
    assert.equal(result.from, 'log');
    compare(book);
  });

  it('a rating appended by this version after the torn last line keeps every old event and adds the new one', async () => {
    const { book } = await load('laptop-aaaa');
    const { saved, event } = await book.rate({ id: 'card-0', note: 'notes/topic-0.md', prompt: 'What is concept 0?' }, 3, 1000);
    assert.equal(saved, true);
    const { book: again, read } = await load('reader');
    assert.equal(again.history.eventCount, expected.eventCount + 1);
    assert.equal(read.problems.length, 2, 'the torn line is now a complete bad line, still reported');
    assert.ok(again.history.hasEvent(event.id), `the new event ${event.id} loads`);
  });
});

/** The release's own review-log code, frozen (see test/fixtures/release-reader/README.md). */
interface ReleaseReader {
  ReviewBook: typeof ReviewBook;
  ReviewLogFiles: typeof ReviewLogFiles;
  ReviewScheduler: typeof ReviewScheduler;
  checkReviewLog: typeof checkReviewLog;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const release = require(path.resolve(__dirname, '../../../test/fixtures/release-reader/reader.cjs')) as ReleaseReader;

describe('Exam date events read by a window of the release (its frozen reader, commit b82382f)', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8')) as { eventCount: number; problems: unknown[]; cards: { id: string; schedule: unknown }[] };
  let dir: string;
  let examLine: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-compat-exam-'));
    fs.cpSync(fixture, dir, { recursive: true });
    // This version sets an exam date, changes it and takes the change back: three lines in its own segment.
    const clock = new TestClock(Date.UTC(2025, 0, 11, 9));
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), 'tablet-cccc'), clock, testScheduler());
    await book.load();
    await book.setExam({ folder: undefined, date: '2025-03-01', weights: [{ note: 'notes/topic-0.md', weight: 60 }, { note: 'notes/topic-1.md', weight: 40 }] });
    clock.advance(60_000);
    await book.setExam({ folder: undefined, date: '2025-04-01' });
    clock.advance(60_000);
    await book.undoLastExamChange();
    examLine = fs.readFileSync(path.join(dir, 'log', 'tablet-cccc.jsonl'), 'utf8');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const releaseBook = (writer: string) => new release.ReviewBook(new release.ReviewLogFiles(path.join(dir, 'log'), writer), new TestClock(Date.UTC(2025, 0, 12, 9)), new release.ReviewScheduler({ fuzz: false }));

  it('loads every other event and folds the same schedules; the exam lines are skipped as an unknown kind, kept on disk', async () => {
    const book = releaseBook('reader');
    const read = await book.load();
    assert.deepEqual(read.problems.slice(0, 2), expected.problems, 'the two bad lines of the fixture, as before');
    assert.deepEqual(
      read.problems.slice(2).map((p) => [p.segment, p.line, p.reason, p.torn]),
      [
        ['tablet-cccc.jsonl', 1, 'unknown kind "exam"', false],
        ['tablet-cccc.jsonl', 2, 'unknown kind "exam"', false],
      ],
    );
    // The undo of an exam change reads as an undo of an event it does not know: harmless, and counted.
    assert.equal(book.history.eventCount, expected.eventCount + 1);
    for (const want of expected.cards) {
      if (want.id === 'card-5') continue; // reset to new: the one documented change since the fixture (see above)
      assert.deepEqual(book.history.card(want.id)?.schedule, want.schedule, want.id);
    }
    const check = release.checkReviewLog(read, book.history, []);
    const exams = check.findings.filter((f) => f.message.startsWith('tablet-cccc.jsonl'));
    assert.deepEqual(exams.map((f) => f.message), ['tablet-cccc.jsonl:1: unknown kind "exam" (kept on disk, skipped)', 'tablet-cccc.jsonl:2: unknown kind "exam" (kept on disk, skipped)']);
  });

  it('a rating by the release window leaves the exam lines as they are, and this version then reads both', async () => {
    const old = releaseBook('laptop-aaaa');
    await old.load();
    const rated = await old.rate({ id: 'card-0', note: 'notes/topic-0.md', prompt: 'What is concept 0?' }, 3, 1000);
    assert.equal(rated.saved, true);
    assert.equal(fs.readFileSync(path.join(dir, 'log', 'tablet-cccc.jsonl'), 'utf8'), examLine, 'the exam segment is untouched');

    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), 'reader'), new TestClock(Date.UTC(2025, 0, 12, 10)), testScheduler());
    const read = await book.load();
    assert.equal(read.problems.length, 2, 'only the fixture\'s two bad lines');
    assert.ok(book.history.hasEvent(rated.event.id));
    const exam = book.history.exam(undefined);
    assert.equal(exam?.date, '2025-03-01', 'the change to April was taken back');
    assert.deepEqual(exam?.weights, [{ note: 'notes/topic-0.md', weight: 60 }, { note: 'notes/topic-1.md', weight: 40 }]);
  });
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const examRelease = require(path.resolve(__dirname, '../../../test/fixtures/release-reader-525b977/reader.cjs')) as ReleaseReader;

describe('Mock exam attempts and chosen options read by a window of the release (its frozen reader, commit 525b977)', () => {
  let dir: string;
  let written: string;
  let rating: ReviewEvent;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-compat-mock-'));
    fs.cpSync(fixture, dir, { recursive: true });
    // This version rates a multiple-choice answer (a wrong option chosen) and keeps a mock exam attempt.
    const clock = new TestClock(Date.UTC(2025, 0, 11, 9));
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), 'tablet-cccc'), clock, testScheduler());
    await book.load();
    rating = (await book.rate({ id: 'card-0', note: 'notes/topic-0.md', prompt: 'What is concept 0?' }, 1, 5000, { chosen: ['Option B'], correct: false })).event;
    clock.advance(60_000);
    await book.recordMockAttempt({ folder: undefined, scope: 'Workspace', passMark: 0.7, durationMs: 600_000, answers: [{ card: 'card-1', note: 'notes/topic-0.md', chosen: ['Option A'], correct: true }] });
    written = fs.readFileSync(path.join(dir, 'log', 'tablet-cccc.jsonl'), 'utf8');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the chosen option on the rating line and the attempt on a mock line', () => {
    const lines = written.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual([lines[0].kind, lines[0].chosen, lines[0].correct], ['review', ['Option B'], false]);
    assert.deepEqual([lines[1].kind, lines[1].scope, lines[1].answers], ['mock', 'Workspace', [{ card: 'card-1', note: 'notes/topic-0.md', chosen: ['Option A'], correct: true }]]);
  });

  it('the release folds the rating with its chosen option like any rating, skips the mock line as an unknown kind and keeps it on disk', async () => {
    const old = new examRelease.ReviewBook(new examRelease.ReviewLogFiles(path.join(dir, 'log'), 'reader'), new TestClock(Date.UTC(2025, 0, 12, 9)), new examRelease.ReviewScheduler({ fuzz: false }));
    const read = await old.load();
    assert.deepEqual(
      read.problems.slice(2).map((p) => [p.segment, p.line, p.reason]),
      [['tablet-cccc.jsonl', 2, 'unknown kind "mock"']],
    );
    assert.ok(old.history.hasEvent(rating.id), 'the rating with a chosen option loads');
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), 'reader2'), new TestClock(Date.UTC(2025, 0, 12, 9)), testScheduler());
    const now = await book.load();
    assert.equal(now.problems.length, 2, 'this version reads the mock line: only the fixture\'s two bad lines');
    for (const id of ['card-0', 'card-1', 'card-2']) assert.deepEqual(old.history.card(id)?.schedule, book.history.card(id)?.schedule, id);

    // A rating by the release leaves the new lines as they are.
    await old.rate({ id: 'card-2', note: 'notes/topic-0.md', prompt: 'What is concept 2?' }, 3, 1000);
    assert.equal(fs.readFileSync(path.join(dir, 'log', 'tablet-cccc.jsonl'), 'utf8'), written);
  });
});

describe('Imported schedules read by a window of the release (its frozen reader, commit 525b977)', () => {
  let dir: string;
  let written: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-compat-import-'));
    fs.cpSync(fixture, dir, { recursive: true });
    // This version imports an Obsidian Spaced Repetition schedule for a card the log has never seen.
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), 'tablet-cccc'), new TestClock(Date.UTC(2025, 0, 11, 9)), testScheduler());
    await book.load();
    const summary = await book.importSchedules([{ card: { id: 'card-osr', note: 'notes/topic-0.md', prompt: 'What is concept 99?' }, due: '2025-01-20', dueAt: Date.UTC(2025, 0, 20), intervalDays: 9, ease: 250 }]);
    assert.equal(summary.imported, 1);
    written = fs.readFileSync(path.join(dir, 'log', 'tablet-cccc.jsonl'), 'utf8');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the release skips the import line as an unknown kind, keeps it on disk, and folds every other card the same', async () => {
    const old = new examRelease.ReviewBook(new examRelease.ReviewLogFiles(path.join(dir, 'log'), 'reader'), new TestClock(Date.UTC(2025, 0, 12, 9)), new examRelease.ReviewScheduler({ fuzz: false }));
    const read = await old.load();
    assert.deepEqual(
      read.problems.slice(2).map((p) => [p.segment, p.line, p.reason]),
      [['tablet-cccc.jsonl', 1, 'unknown kind "import"']],
    );
    assert.equal(old.history.card('card-osr'), undefined, 'to the release the card is new');
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, 'log'), 'reader2'), new TestClock(Date.UTC(2025, 0, 12, 9)), testScheduler());
    const now = await book.load();
    assert.equal(now.problems.length, 2, 'this version reads the import line: only the fixture\'s two bad lines');
    assert.equal(book.history.card('card-osr')?.schedule.dueAt, Date.UTC(2025, 0, 20));
    for (const id of ['card-0', 'card-1', 'card-2']) assert.deepEqual(old.history.card(id)?.schedule, book.history.card(id)?.schedule, id);

    // A rating by the release leaves the import line as it is.
    await old.rate({ id: 'card-2', note: 'notes/topic-0.md', prompt: 'What is concept 2?' }, 3, 1000);
    assert.equal(fs.readFileSync(path.join(dir, 'log', 'tablet-cccc.jsonl'), 'utf8'), written);
  });
});
