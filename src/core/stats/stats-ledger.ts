/**
 * The statistics' memory of the review log: each card's counted events (reviews and
 * resets, undone ones left out, links followed) in (time, id) order, folded once through
 * the memory model into typed arrays (the day of each review, the phase it was answered
 * in, the stability after it). The statistics of any scope and any moment are sums over
 * these folds, so that after a rating only the rated card is folded again.
 *
 * The events come from a folded `ReviewHistory` (its records hold every card's events
 * when it was loaded from the log) or from the log itself (a history started from a
 * state snapshot holds only the events since; the CLI folds the log it read). `sync`
 * takes in what changed in the history since: records are replaced, never changed in
 * place, so a record that is not the one folded last marks its card to fold again.
 *
 * ```ts
 * const ledger = new StatsLedger(settings, calendar);
 * runAll(ledger.syncSteps(history));          // after each change of the history
 * const fold = ledger.fold('c1a2…');
 * if (fold) fold.stabilityAfter[fold.start + fold.length - 1];   // stability after its last event
 * ```
 */
import type { ForgetEvent, MockAttemptEvent, ReviewEvent, ReviewRatingEvent } from '../review/review-event';
import { compareEvents } from '../review/review-log';
import type { Rating, SchedulerSettings } from '../review/scheduler';
import { DEFAULT_SCHEDULER_SETTINGS } from '../review/scheduler';
import { dayNumber, hourlyCalendar, UTC_CALENDAR, type Calendar } from './calendar';
import { MemoryModel, type MemoryCursor } from './memory-model';

/** The events the statistics count: ratings and resets to new. */
export type CountedEvent = ReviewRatingEvent | ForgetEvent;

/** The card phases by index, as `CardFold.phaseBefore` stores them. */
export { PHASES } from './memory-model';

/** What the ledger reads from the folded review history (`ReviewHistory` has it). */
export interface LedgerHistory {
  /** The card id that history written for `cardId` at `time` belongs to now (links followed). */
  resolve(cardId: string, time: number): string;
  /** Whether the event was taken back by an undo. */
  isUndone(eventId: string): boolean;
  /** Every card with history: its events in (time, id) order, undone ones left out (since the snapshot, after a start from one). */
  cards(): Iterable<{ readonly id: string; readonly events: readonly ReviewEvent[] }>;
  /** The mock exam attempts it holds (since the snapshot, after a start from one). */
  mockEvents(): Iterable<MockAttemptEvent>;
}

/** One card's counted events and what folding them gave. */
export interface CardFold {
  /**
   * Its counted events in (time, id) order. The arrays below hold what the sums read of
   * them: event `i` at `start + i`, for `length` events (the arrays are shared with other
   * cards' folds, so that the ledger does not hold seven small typed arrays per card).
   */
  readonly events: readonly CountedEvent[];
  /** Where the card's events start in the arrays. */
  readonly start: number;
  /** The number of its events (`events.length`). */
  readonly length: number;
  /** Each event's time, epoch ms. */
  readonly time: Float64Array;
  /** Each event's rating; 0 for a reset to new. */
  readonly rating: Uint8Array;
  /** Each rating's recorded duration in ms; NaN when it recorded none (and for a reset). */
  readonly durationMs: Float64Array;
  /** The local day of each event (`dayNumber`). */
  readonly day: Int32Array;
  /** The index in `PHASES` of the card's phase before each event. */
  readonly phaseBefore: Uint8Array;
  /** ...and after it. */
  readonly phaseAfter: Uint8Array;
  /** FSRS stability after each event; 0 after a reset. */
  readonly stabilityAfter: Float64Array;
  /**
   * The recall samples last summed from this fold, with the span of `now` over which they
   * hold (see `review-stats.ts`): kept so that cards that did not change are not computed again.
   */
  samples: RecallSamples | undefined;
  /** The exam-day recall samples of the readiness series last summed from this fold, for one exam moment (see `review-stats.ts`). */
  readiness: ReadinessSamples | undefined;
  /** The last pass over the folds (see `StatsLedger.newPass`) that counted this one. */
  countedInPass: number;
  /** What the card's ratings say about its answers, kept for the next computation (see `review-stats.ts`). */
  answers: AnswerTally | undefined;
}

/** A card's answers among its first `end` events: counts, its last miss, the question the log recorded last, the wrong options chosen. */
export interface AnswerTally {
  readonly end: number;
  readonly answers: number;
  readonly misses: number;
  readonly lastMissedAt: number;
  readonly logQuestion: string | undefined;
  readonly wrongChoices: readonly { readonly choice: string; readonly time: number }[];
}

/** Cached recall of one card at the statistics' sample times (NaN: no recall, the card was new). */
export interface RecallSamples {
  readonly from: number;
  readonly until: number;
  readonly values: readonly number[];
}

/** Cached exam-day recall of one card as its memory stood at the readiness series' sample times (NaN: not reviewed by then). */
export interface ReadinessSamples extends RecallSamples {
  /** The exam moment the recall is for (epoch ms). */
  readonly examAt: number;
}

interface Entry {
  /** Events read from the log itself, grouped under this card (a snapshot start lacks them in the history). */
  base: CountedEvent[] | undefined;
  /** The history record folded last (compared by identity). */
  record: unknown;
  fold: CardFold | undefined;
  /** The sync generation that last saw the card in the history. */
  seen: number;
}

/** Work done between two yields of the steps. */
const STEP = 512;

/** Card folds of one review log; see the module comment. */
export class StatsLedger {
  readonly model: MemoryModel;
  readonly settings: SchedulerSettings;
  private readonly entries = new Map<string, Entry>();
  /** Entries to fold again (by identity: no hashing of card ids). */
  private readonly stale = new Set<Entry>();
  private generation = 0;
  private history: LedgerHistory | undefined;
  /** The memory state `foldEvents` updates in place. */
  private readonly memory: MemoryCursor = MemoryModel.cursor();
  /** Where the folds' arrays are. */
  private readonly columns = new Columns();
  /** Mock exam attempts by id, from the log and the history. */
  private readonly mocks = new Map<string, MockAttemptEvent>();
  private mocksInOrder: MockAttemptEvent[] | undefined;
  /** The first and last day of any folded event (a bound: cards folded again may have left it). */
  firstDay = Infinity;
  lastDay = -Infinity;

  /** The calendar the ledger was given, asked once per hour of the log (see `hourlyCalendar`; UTC needs no asking). */
  readonly calendar: Calendar;

  constructor(settings: Partial<SchedulerSettings> = {}, calendar: Calendar = UTC_CALENDAR) {
    this.calendar = calendar === UTC_CALENDAR ? calendar : hourlyCalendar(calendar);
    this.settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...settings };
    this.model = new MemoryModel(this.settings);
  }

  private passes = 0;

  /** A number for a pass over the folds, to mark those it has counted without a set of ids. */
  newPass(): number {
    return ++this.passes;
  }

  /** Number of cards with counted events or history. */
  get size(): number {
    return this.entries.size;
  }

  /** The fold of a card (its id after links), once folded. */
  fold(cardId: string): CardFold | undefined {
    return this.entries.get(cardId)?.fold;
  }

  /** The mock exam attempts read or synced, in (time, id) order. */
  mockEvents(): readonly MockAttemptEvent[] {
    return (this.mocksInOrder ??= [...this.mocks.values()].sort(compareEvents));
  }

  /** Every card's id and fold (cards whose events are all undone have an empty one). */
  *folds(): IterableIterator<[string, CardFold]> {
    for (const [id, entry] of this.entries) if (entry.fold) yield [id, entry.fold];
  }

  /**
   * Groups the log's events by the card they belong to now (`history` resolves links and
   * tells undone events), as the base the history's records add to; mock exam attempts are
   * kept as they are. Events of other kinds are skipped; the cards are folded by `foldSteps`.
   */
  *addLogSteps(events: Iterable<ReviewEvent>, history: Pick<LedgerHistory, 'resolve' | 'isUndone'>): Generator<void, void> {
    let n = 0;
    for (const event of events) {
      if ((++n & (STEP - 1)) === 0) yield;
      if (event.kind === 'mock') {
        this.addMock(event);
        continue;
      }
      if (event.kind !== 'review' && event.kind !== 'forget') continue;
      if (history.isUndone(event.id)) continue;
      const id = history.resolve(event.card, event.time);
      let entry = this.entries.get(id);
      if (!entry) this.entries.set(id, (entry = { base: undefined, record: undefined, fold: undefined, seen: 0 }));
      (entry.base ??= []).push(event);
      this.stale.add(entry);
    }
  }

  /**
   * Takes in the history's records that changed since the last sync (every record, the
   * first time): their cards are folded again by `foldSteps`. A card that left the history
   * (its events undone, its history linked elsewhere) keeps only its log events.
   */
  *syncSteps(history: LedgerHistory): Generator<void, void> {
    this.history = history;
    const generation = ++this.generation;
    for (const mock of history.mockEvents()) this.addMock(mock);
    let n = 0;
    for (const record of history.cards()) {
      if ((++n & (STEP - 1)) === 0) yield;
      let entry = this.entries.get(record.id);
      if (!entry) this.entries.set(record.id, (entry = { base: undefined, record: undefined, fold: undefined, seen: 0 }));
      entry.seen = generation;
      if (entry.record === record) continue;
      entry.record = record;
      this.stale.add(entry);
    }
    for (const entry of this.entries.values()) {
      if ((++n & (STEP - 1)) === 0) yield;
      if (entry.record === undefined || entry.seen === generation) continue;
      entry.record = undefined;
      this.stale.add(entry);
    }
  }

  /** Folds the cards that changed since they were last folded. */
  *foldSteps(): Generator<void, void> {
    let work = 0;
    for (const entry of this.stale) {
      const events = this.countedEvents(entry);
      entry.fold = this.foldEvents(events);
      work += events.length + 8;
      if (work >= STEP) {
        work = 0;
        yield;
      }
    }
    this.stale.clear();
  }

  private addMock(event: MockAttemptEvent): void {
    if (this.mocks.has(event.id)) return;
    this.mocks.set(event.id, event);
    this.mocksInOrder = undefined;
  }

  /** The card's events: its log events not undone since, merged with its history record's (one copy of each). */
  private countedEvents(entry: Entry): readonly CountedEvent[] {
    // A copy: the history grows and sorts a card's list in place (a rating can come between two slices of a computation).
    const fromRecord = ((entry.record as { events?: readonly ReviewEvent[] } | undefined)?.events ?? []).filter(isCounted);
    const base = entry.base;
    if (!base || base.length === 0) return fromRecord;
    const history = this.history;
    let events: CountedEvent[] = base;
    if (history || fromRecord.length > 0) {
      const inRecord = new Set(fromRecord.map((e) => e.id));
      events = base.filter((e) => !inRecord.has(e.id) && !history?.isUndone(e.id));
      for (const e of fromRecord) events.push(e);
    } else if (!isSorted(events)) {
      // The log's events as read: this array is the ledger's own, so it is put in order in place.
      events.sort(compareEvents);
      return events;
    }
    if (!isSorted(events)) events.sort(compareEvents);
    return events;
  }

  private foldEvents(events: readonly CountedEvent[]): CardFold {
    const n = events.length;
    const columns = this.columns.take(n);
    const start = this.columns.start;
    const { time, durationMs, stabilityAfter, day, rating, phaseBefore, phaseAfter } = columns;
    const { calendar, model } = this;
    let { firstDay, lastDay } = this;
    // One state for every fold, updated in place: a million ratings allocate no state each.
    const memory = this.memory;
    MemoryModel.reset(memory);
    for (let i = 0; i < n; i++) {
      const event = events[i];
      const at = event.time;
      const j = start + i;
      time[j] = at;
      phaseBefore[j] = memory.phase;
      const d = (day[j] = dayNumber(at, calendar));
      if (d < firstDay) firstDay = d;
      if (d > lastDay) lastDay = d;
      if (event.kind === 'forget') {
        durationMs[j] = NaN;
        MemoryModel.reset(memory);
        continue;
      }
      rating[j] = event.rating;
      durationMs[j] = event.durationMs ?? NaN;
      model.rateInPlace(memory, event.rating as Rating, at);
      stabilityAfter[j] = memory.stabilityDays;
      phaseAfter[j] = memory.phase;
    }
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    const fold: CardFold = { events, start, length: n, time, rating, durationMs, day, phaseBefore, phaseAfter, stabilityAfter, samples: undefined, readiness: undefined, countedInPass: 0, answers: undefined };
    // Now, while the card's events are fresh in the cache: the statistics read this for every card.
    fold.answers = answerTally(fold, n);
    return fold;
  }
}

/** What a card's first `end` events say about its answers: a miss is a wrong option chosen, else Again. */
export function answerTally(fold: CardFold, end: number): AnswerTally {
  const { events, rating, start } = fold;
  let answers = 0;
  let misses = 0;
  let lastMissedAt = 0;
  let logQuestion: string | undefined;
  const wrongChoices: { choice: string; time: number }[] = [];
  for (let i = 0; i < end; i++) {
    if (rating[start + i] === 0) continue;
    const review = events[i] as ReviewRatingEvent;
    answers++;
    if (review.question !== undefined) logQuestion = review.question;
    if (review.correct !== undefined ? !review.correct : review.rating === 1) {
      misses++;
      lastMissedAt = Math.max(lastMissedAt, review.time);
    }
    if (review.correct === false) for (const choice of review.chosen ?? []) wrongChoices.push({ choice, time: review.time });
  }
  return { end, answers, misses, lastMissedAt, logQuestion, wrongChoices };
}

function isCounted(event: ReviewEvent): event is CountedEvent {
  return event.kind === 'review' || event.kind === 'forget';
}

/** Whether the events are in (time, id) order; by time alone first, the cheap test that settles most cases. */
function isSorted(events: readonly CountedEvent[]): boolean {
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1];
    const b = events[i];
    if (a.time > b.time || (a.time === b.time && compareEvents(a, b) > 0)) return false;
  }
  return true;
}

/** One chunk of the folds' arrays: a field each, by event. */
interface Chunk {
  readonly time: Float64Array;
  readonly durationMs: Float64Array;
  readonly stabilityAfter: Float64Array;
  readonly day: Int32Array;
  readonly rating: Uint8Array;
  readonly phaseBefore: Uint8Array;
  readonly phaseAfter: Uint8Array;
}

/**
 * The folds' arrays, in chunks that many cards share: each card's events lie one after the
 * other in a chunk, from `start`. Hundreds of thousands of small typed arrays (seven a card)
 * each held a buffer outside the heap, which made the garbage collector run full
 * collections of the whole heap in the middle of a slice, and were objects every young
 * collection copied. A card folded again leaves its old place unused: a few dozen bytes a
 * rating, given back when the ledger goes.
 */
class Columns {
  private static readonly CHUNK_EVENTS = 1 << 17;
  private chunk: Chunk | undefined;
  private used = 0;
  /** Where the events of the last `take` start in its chunk. */
  start = 0;

  /** The chunk to write `n` events into, from `start`. */
  take(n: number): Chunk {
    let chunk = this.chunk;
    if (!chunk || this.used + n > chunk.time.length) {
      const size = Math.max(Columns.CHUNK_EVENTS, n);
      chunk = this.chunk = {
        time: new Float64Array(size),
        durationMs: new Float64Array(size),
        stabilityAfter: new Float64Array(size),
        day: new Int32Array(size),
        rating: new Uint8Array(size),
        phaseBefore: new Uint8Array(size),
        phaseAfter: new Uint8Array(size),
      };
      this.used = 0;
    }
    this.start = this.used;
    this.used += n;
    return chunk;
  }
}
