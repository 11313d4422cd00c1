import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core';
import { buildReviewQueue, checkReviewLog, planRelinks, readReviewLog, ReviewBook, reviewOrder, type QueueCard } from '../../src/core/review';
import { DAY, MemoryLogStore, MINUTE, T0, TestClock, testScheduler } from './review-support';

function cardsOf(noteKey: string, text: string): QueueCard[] {
  return parseNote(text, { noteKey }).cards.map((c) => ({ id: c.id, note: noteKey, prompt: c.prompt, line: c.line }));
}

async function newBook(clock = new TestClock()) {
  const store = new MemoryLogStore();
  const book = new ReviewBook(store, clock, testScheduler());
  await book.load();
  return { store, book, clock };
}

const NOTE = ['# Geo', '', 'Capital of France::Paris', '', 'Capital of Spain::Madrid', '', 'Capital of Italy::Rome', ''].join('\n');

describe('Review queue', () => {
  it('groups cards into due now, learning, new (today\'s allowance) and coming up', async () => {
    const { book, clock } = await newBook(new TestClock(T0 - 3 * DAY));
    const cards = cardsOf('geo.md', NOTE);
    // France graduated 3 days ago; Spain is in its learning steps now; Italy is new.
    await book.rate(cards[0], 3, 1000);
    clock.advance(10 * MINUTE);
    await book.rate(cards[0], 3, 1000);
    clock.time = T0;
    await book.rate(cards[1], 1, 1000);
    const queue = buildReviewQueue(cards, book.history, { now: T0 + 30 * 1000, dayStart: T0 - 9 * 3600_000, newPerDay: 20, reviewsPerDay: 200 });
    assert.deepEqual(queue.dueNow.map((e) => e.card.prompt), ['Capital of France']);
    assert.deepEqual(queue.learning.map((e) => e.card.prompt), ['Capital of Spain']);
    assert.deepEqual(queue.newCards.map((e) => e.card.prompt), ['Capital of Italy']);
    assert.equal(queue.dueCount, 1, 'Spain comes back after its 1m step, not yet');
    assert.equal(queue.newToday, 1);
    const later = buildReviewQueue(cards, book.history, { now: T0 + 2 * MINUTE, dayStart: T0 - 9 * 3600_000, newPerDay: 20, reviewsPerDay: 200 });
    assert.equal(later.dueCount, 2);
    assert.deepEqual(reviewOrder(later, T0 + 2 * MINUTE).map((e) => e.card.prompt), ['Capital of France', 'Capital of Spain', 'Capital of Italy']);
  });

  it('limits new cards per day and reviews per day, counting what was done today', async () => {
    const { book } = await newBook();
    const cards = cardsOf('geo.md', NOTE);
    await book.rate(cards[0], 4, 1000);
    const options = { now: T0 + MINUTE, dayStart: T0 - 3600_000, newPerDay: 2, reviewsPerDay: 200 };
    const queue = buildReviewQueue(cards, book.history, options);
    assert.equal(queue.newToday, 1);
    assert.deepEqual(queue.newCards.map((e) => e.card.prompt), ['Capital of Spain']);
    assert.equal(queue.newRemaining, 1);
    const tomorrow = buildReviewQueue(cards, book.history, { ...options, now: T0 + 20 * DAY, dayStart: T0 + 20 * DAY - 3600_000, reviewsPerDay: 0 });
    assert.equal(tomorrow.newCards.length, 2);
    assert.deepEqual(tomorrow.dueNow, [], 'no reviews allowed');
    assert.deepEqual(tomorrow.comingUp.map((e) => e.card.prompt), ['Capital of France'], 'a due card beyond the limit waits');
  });

  it('leaves suspended cards out', async () => {
    const { book } = await newBook();
    const cards = cardsOf('geo.md', NOTE);
    await book.mark(cards[2], 'suspend');
    const queue = buildReviewQueue(cards, book.history, { now: T0, dayStart: T0 - 3600_000, newPerDay: 20, reviewsPerDay: 200 });
    assert.deepEqual(queue.newCards.map((e) => e.card.prompt), ['Capital of France', 'Capital of Spain']);
  });
});

describe('Re-linking history across edits', () => {
  it('a fixed typo: the history follows the edited question', async () => {
    const { book } = await newBook();
    const before = cardsOf('geo.md', 'Capitol of France::Paris\n');
    await book.rate(before[0], 3, 1000);
    const after = cardsOf('geo.md', 'Capital of France::Paris\n');
    assert.notEqual(after[0].id, before[0].id);
    const plan = planRelinks(book.history, after);
    assert.deepEqual(plan.links.map((l) => [l.from.id, l.to.id]), [[before[0].id, after[0].id]]);
    await book.link(plan.links[0].from.id, plan.links[0].to);
    assert.equal(book.history.card(after[0].id)?.schedule.reps, 1);
    assert.equal(book.history.card(before[0].id), undefined);
  });

  it('a question moved to another note, or its note renamed: the history follows it', async () => {
    const { book } = await newBook();
    const old = cardsOf('geo.md', NOTE);
    for (const card of old) await book.rate(card, 3, 1000);
    const renamed = cardsOf('geography/europe.md', NOTE);
    const plan = planRelinks(book.history, renamed);
    assert.equal(plan.links.length, 3);
    assert.deepEqual(plan.ambiguous, []);
    for (const link of plan.links) assert.equal(link.to.prompt, old.find((c) => c.id === link.from.id)?.prompt);
  });

  it('a deleted question keeps its history, which comes back when it is restored', async () => {
    const { book } = await newBook();
    const cards = cardsOf('geo.md', NOTE);
    await book.rate(cards[0], 3, 1000);
    const without = cardsOf('geo.md', NOTE.replace('Capital of France::Paris\n', ''));
    const plan = planRelinks(book.history, without);
    assert.deepEqual(plan.links, []);
    assert.deepEqual(plan.unmatched.map((o) => o.id), [cards[0].id]);
    const restored = cardsOf('geo.md', NOTE);
    assert.equal(book.history.card(restored[0].id)?.schedule.reps, 1);
  });

  it('two identical questions keep separate histories', async () => {
    const { book } = await newBook();
    const twins = cardsOf('geo.md', 'Capital of France::Paris\n\nCapital of France::Paris\n');
    assert.notEqual(twins[0].id, twins[1].id);
    await book.rate(twins[0], 1, 1000);
    await book.rate(twins[1], 4, 1000);
    assert.notDeepEqual(book.history.card(twins[0].id)?.schedule, book.history.card(twins[1].id)?.schedule);
    assert.deepEqual(planRelinks(book.history, twins).links, []);
  });

  it('asks when two new questions are equally similar', async () => {
    const { book } = await newBook();
    const [original] = cardsOf('geo.md', 'Capital city of France::Paris\n');
    await book.rate(original, 3, 1000);
    const now = cardsOf('geo.md', 'Capital city of France?::Paris\n\nCapital city of France!::Paris\n');
    const plan = planRelinks(book.history, now);
    assert.deepEqual(plan.links, []);
    assert.equal(plan.ambiguous.length, 1);
    assert.equal(plan.ambiguous[0].candidates.length, 2);
  });
});

describe('Check Review Log', () => {
  it('reports unreadable lines, duplicates, orphans and link conflicts, fixes by appending, and reports nothing the second time', async () => {
    const clock = new TestClock();
    const { store, book } = await newBook(clock);
    const typo = cardsOf('geo.md', 'Capitol of France::Paris\n');
    const gone = cardsOf('geo.md', 'Largest ocean::Pacific\n');
    await book.rate(typo[0], 3, 1000);
    await book.rate(gone[0], 3, 1000);
    await book.link('x-old', { id: 'x-new-1', note: 'geo.md', prompt: 'x' });
    await book.link('x-old', { id: 'x-new-2', note: 'geo.md', prompt: 'x' });
    const segment = `${store.writerId}.jsonl`;
    const text = store.segments.get(segment)!;
    const firstLine = text.slice(0, text.indexOf('\n') + 1);
    store.segments.set(segment, text + '{"v":1,"id":\n' + firstLine);
    const cards = cardsOf('geo.md', 'Capital of France::Paris\n');
    await book.load();
    const read = readReviewLog(await store.readAll());
    const first = checkReviewLog(read, book.history, cards);
    assert.deepEqual(first.findings.map((f) => f.kind).sort(), ['duplicate', 'link-conflict', 'orphan', 'unreadable']);
    assert.ok(first.findings.some((f) => f.kind === 'unreadable' && f.message.startsWith(`${segment}:5:`)));
    assert.deepEqual(first.links.map((l) => l.to.id), [cards[0].id]);
    const textBefore = store.segments.get(segment)!;
    for (const link of first.links) await book.link(link.from.id, link.to);
    await book.acknowledge(first.findings.map((f) => f.key));
    assert.ok(store.segments.get(segment)!.startsWith(textBefore), 'fixed only by appending');
    await book.load();
    const second = checkReviewLog(readReviewLog(await store.readAll()), book.history, cards);
    assert.deepEqual(second.findings, []);
    assert.deepEqual(second.links, []);
    assert.equal(book.history.card(cards[0].id)?.schedule.reps, 1);
  });
});
