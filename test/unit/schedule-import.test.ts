import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import {
  formatReviewSnapshot,
  importMessage,
  parseReviewSnapshot,
  planScheduleImport,
  readReviewLog,
  ReviewBook,
  ReviewHistory,
  type ReviewEvent,
  type ScheduleImport,
} from '../../src/core/review';
import { UTC_CALENDAR } from '../../src/core/stats/calendar';
import { DAY, MemoryLogStore, reviewLine, T0, TestClock, testScheduler } from './review-support';

const fixture = path.resolve(__dirname, '../../../test/fixtures/osr-schedules/vault-note.md');
const pause = async () => undefined;

/** One import of card `id`, due at the start of `due` (UTC). */
function item(id: string, due: string, intervalDays: number, ease: number): ScheduleImport {
  return { card: { id, note: 'bio.md', prompt: `Question ${id}` }, due, dueAt: Date.parse(`${due}T00:00:00Z`), intervalDays, ease };
}

async function bookOn(store: MemoryLogStore, clock = new TestClock()): Promise<ReviewBook> {
  const book = new ReviewBook(store, clock, testScheduler());
  await book.load();
  return book;
}

describe('Import schedules: mapping an Obsidian Spaced Repetition schedule onto FSRS', () => {
  const scheduler = testScheduler();
  const importedAt = Date.UTC(2026, 1, 26, 12);
  const due = Date.UTC(2026, 2, 1);

  it('gives a card in review, due on the day, last reviewed the interval before, its stability the interval', () => {
    const card = scheduler.importedCard({ dueAt: due, intervalDays: 4, ease: 250 }, importedAt);
    assert.deepEqual(
      { phase: card.phase, dueAt: card.dueAt, stabilityDays: card.stabilityDays, scheduledDays: card.scheduledDays, lastReviewAt: card.lastReviewAt, reps: card.reps, lapses: card.lapses },
      { phase: 'review', dueAt: due, stabilityDays: 4, scheduledDays: 4, lastReviewAt: due - 4 * DAY, reps: 0, lapses: 0 },
    );
  });

  it('recall on the due day is 90%: what FSRS stability means, and what the interval aimed at', () => {
    const card = scheduler.importedCard({ dueAt: due, intervalDays: 30, ease: 250 }, importedAt);
    const recall = scheduler.recallProbability(card, due);
    assert.ok(recall !== undefined && Math.abs(recall - 0.9) < 0.005, `recall ${recall}`);
  });

  it('the starting ease 250 gives the difficulty of a first Good answer; lower ease is harder, higher easier, within FSRS bounds', () => {
    const firstGood = scheduler.rate(scheduler.newCard(), 3, importedAt).difficulty;
    const at = (ease: number) => scheduler.importedCard({ dueAt: due, intervalDays: 4, ease }, importedAt).difficulty;
    assert.equal(at(250), firstGood);
    // FSRS's lower bound (1) is reached after one Easy from a first Good: higher eases stay there.
    assert.ok(at(130) > at(230) && at(230) > at(250) && at(250) > at(270) && at(270) >= at(350), [130, 230, 250, 270, 350].map(at).join(' '));
    for (const ease of [0, 50, 9999]) assert.ok(at(ease) >= 1 && at(ease) <= 10, `ease ${ease}: ${at(ease)}`);
  });

  it('a due date in the future with a long interval never puts the last review after the import', () => {
    const card = scheduler.importedCard({ dueAt: Date.UTC(2027, 0, 1), intervalDays: 2, ease: 250 }, importedAt);
    assert.equal(card.lastReviewAt, importedAt);
  });

  it('a rating after the import starts from the imported memory: Good on the due day gives a longer interval', () => {
    const card = scheduler.importedCard({ dueAt: due, intervalDays: 10, ease: 250 }, importedAt);
    const next = scheduler.rate(card, 3, due + 9 * 3_600_000);
    assert.equal(next.phase, 'review');
    assert.ok(next.scheduledDays > 10, `next interval ${next.scheduledDays}`);
  });
});

describe('Import schedules: the review log', () => {
  it('appends one import line per schedule, and the card is due on the imported day', async () => {
    const store = new MemoryLogStore();
    const book = await bookOn(store);
    const summary = await book.importSchedules([item('c1', '2025-01-20', 4, 270), item('c2', '2025-02-01', 12, 250)]);
    assert.deepEqual({ ...summary, last: undefined }, { imported: 2, alreadyImported: 0, alreadyReviewed: 0, notSaved: 0, last: undefined });
    const lines = (store.segments.get('w1.jsonl') ?? '').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.card, l.due, l.dueAt, l.intervalDays, l.ease, l.note, l.question]),
      [
        ['import', 'c1', '2025-01-20', Date.UTC(2025, 0, 20), 4, 270, 'bio.md', 'Question c1'],
        ['import', 'c2', '2025-02-01', Date.UTC(2025, 1, 1), 12, 250, 'bio.md', 'Question c2'],
      ],
    );
    const reloaded = await bookOn(store);
    assert.equal(reloaded.history.card('c1')?.schedule.dueAt, Date.UTC(2025, 0, 20));
    assert.equal(reloaded.history.card('c1')?.schedule.phase, 'review');
    assert.equal(reloaded.history.card('c1')?.reviewCount, 0, 'an import is not a review');
  });

  it('importing the same schedules again adds nothing, also from another window after a reload', async () => {
    const store = new MemoryLogStore();
    await (await bookOn(store)).importSchedules([item('c1', '2025-01-20', 4, 270)]);
    const before = store.segments.get('w1.jsonl');
    const other = new MemoryLogStore('w2');
    other.segments.set('w1.jsonl', before ?? '');
    const again = await (await bookOn(other)).importSchedules([item('c1', '2025-01-20', 4, 270)]);
    assert.deepEqual([again.imported, again.alreadyImported], [0, 1]);
    assert.deepEqual([...other.segments.keys()], ['w1.jsonl'], 'nothing written');
  });

  it('never overrides a card reviewed here: skipped, and its schedule stays the one its reviews gave', async () => {
    const store = new MemoryLogStore();
    store.segments.set('laptop.jsonl', reviewLine('laptop.1', 'c1', T0 - DAY, 3) + '\n');
    const book = await bookOn(store);
    const schedule = book.history.card('c1')?.schedule;
    const summary = await book.importSchedules([item('c1', '2025-03-01', 40, 250)]);
    assert.deepEqual([summary.imported, summary.alreadyReviewed], [0, 1]);
    assert.deepEqual(book.history.card('c1')?.schedule, schedule);
    assert.equal(store.segments.get('w1.jsonl'), undefined);
  });

  it('a review another machine made before the import, arriving later, wins over the import', async () => {
    const store = new MemoryLogStore();
    const clock = new TestClock(T0);
    await (await bookOn(store, clock)).importSchedules([item('c1', '2025-03-01', 40, 250)]);
    store.segments.set('phone.jsonl', reviewLine('phone.1', 'c1', T0 - DAY, 1) + '\n');
    const book = await bookOn(store, clock);
    const record = book.history.card('c1');
    assert.notEqual(record?.schedule.dueAt, Date.UTC(2025, 2, 1));
    assert.equal(record?.schedule.phase, 'learning', 'the Again of the other machine, not the import');
  });

  it('a review after the import folds on top of the imported state', async () => {
    const store = new MemoryLogStore();
    const clock = new TestClock(Date.UTC(2025, 0, 10));
    const book = await bookOn(store, clock);
    await book.importSchedules([item('c1', '2025-01-20', 10, 250)]);
    clock.time = Date.UTC(2025, 0, 20, 9);
    await book.rate({ id: 'c1', note: 'bio.md', prompt: 'Question c1' }, 3, 2000);
    const schedule = book.history.card('c1')?.schedule;
    assert.equal(schedule?.phase, 'review');
    assert.ok((schedule?.scheduledDays ?? 0) > 10, `Good on the due day lengthens the 10-day interval, got ${schedule?.scheduledDays}`);
  });

  it('a changed comment (reviewed again in Obsidian) imports the new schedule while the card has no reviews here', async () => {
    const store = new MemoryLogStore();
    const clock = new TestClock();
    const book = await bookOn(store, clock);
    await book.importSchedules([item('c1', '2025-01-20', 4, 270)]);
    clock.advance(DAY);
    const second = await book.importSchedules([item('c1', '2025-02-15', 20, 290)]);
    assert.equal(second.imported, 1);
    assert.equal((await bookOn(store, clock)).history.card('c1')?.schedule.dueAt, Date.UTC(2025, 1, 15));
  });

  it('an import that cannot be written is kept and counted as not saved', async () => {
    const store = new MemoryLogStore();
    const book = await bookOn(store);
    store.failWith = new Error('disk full');
    const summary = await book.importSchedules([item('c1', '2025-01-20', 4, 270), item('c2', '2025-01-21', 4, 270)]);
    assert.deepEqual([summary.imported, summary.notSaved, summary.error?.message], [2, 2, 'disk full']);
    assert.equal(book.history.card('c1')?.schedule.dueAt, Date.UTC(2025, 0, 20), 'counts in memory at once');
    store.failWith = undefined;
    assert.equal((await book.flush()).saved, true);
    assert.equal((store.segments.get('w1.jsonl') ?? '').trim().split('\n').length, 2);
  });

  it('a state snapshot keeps the imported schedule and what was imported, so a start from it still adds nothing', async () => {
    const store = new MemoryLogStore();
    const book = await bookOn(store);
    await book.importSchedules([item('c1', '2025-01-20', 4, 270)]);
    const history = ReviewHistory.fromEvents(readReviewLog(store.snapshot()).events, testScheduler());
    const text = await formatReviewSnapshot(history, { marks: [], problems: [], savedAt: T0, scheduler: 'test' }, pause);
    const snapshot = await parseReviewSnapshot(text, pause);
    const saved = snapshot?.cards.find((c) => c.id === 'c1');
    assert.deepEqual([saved?.imported, saved?.schedule], ['2025-01-20,4,270', history.card('c1')?.schedule]);
  });

  it('rejects an import line without a real due day, interval or ease, as an unusable line', () => {
    const base = { v: 1, id: 'w.1', kind: 'import', card: 'c1', time: T0, due: '2025-01-20', dueAt: Date.UTC(2025, 0, 20), intervalDays: 4, ease: 250 };
    const read = readReviewLog([
      { name: 'w.jsonl', text: [base, { ...base, id: 'w.2', due: '20-01-2025' }, { ...base, id: 'w.3', intervalDays: 0 }, { ...base, id: 'w.4', ease: 'high' }].map((e) => JSON.stringify(e)).join('\n') + '\n' },
    ]);
    assert.deepEqual(read.events.map((e: ReviewEvent) => e.id), ['w.1']);
    assert.deepEqual(read.problems.map((p) => p.line), [2, 3, 4]);
  });
});

describe('Import schedules: from notes to imports and the report', () => {
  it('plans one import per reviewed side of the fixture note, due at the start of the day, and lists what it left', () => {
    const text = fs.readFileSync(fixture, 'utf8');
    const note = parseNote(text, { noteKey: 'bio.md' });
    const plan = planScheduleImport([{ key: 'bio.md', note, text }], UTC_CALENDAR);
    assert.deepEqual(
      plan.items.map((i) => [i.card.prompt, i.due, i.dueAt === Date.parse(`${i.due}T00:00:00Z`)]),
      [
        ['Ribosome', '2026-03-01', true],
        ['Lysosome', '2026-03-05', true],
        ["The cell's recycling centre", '2026-02-27', true],
        ['What does the nucleus hold?', '2026-04-10', true],
        ['The [...] packs proteins into vesicles.', '2026-03-02', true],
        ['Chloroplast', '2026-03-03', true],
      ],
    );
    assert.ok(plan.items.every((i) => note.cards.some((c) => c.id === i.card.id && i.card.note === 'bio.md')));
    assert.deepEqual([plan.newSides, plan.unreadable.map((p) => [p.note, p.line]), plan.unmatched.map((p) => p.line)], [1, [['bio.md', 29]], [23, 27]]);
  });

  it('the report says what was imported, what was skipped and why, and what could not be read', () => {
    const plan = { newSides: 1, unreadable: [{ note: 'a.md', line: 3, reason: 'x' }], unmatched: [] };
    assert.equal(
      importMessage({ imported: 3, alreadyImported: 2, alreadyReviewed: 1, notSaved: 0 }, plan),
      'Imported the schedules of 3 cards from Obsidian Spaced Repetition comments. Skipped 2 cards imported before and 1 card already reviewed here (its reviews win). 1 card never reviewed in Obsidian stays new. 1 schedule comment could not be read (see the log).',
    );
    assert.equal(importMessage({ imported: 0, alreadyImported: 4, alreadyReviewed: 0, notSaved: 0 }, { newSides: 0, unreadable: [], unmatched: [] }), 'No schedule to import: nothing was added to the review log. Skipped 4 cards imported before.');
  });
});
