/**
 * The review history: events folded into one schedule per card. The same set of events
 * gives the same schedules whatever order they arrive in (events are folded per card in
 * (time, id) order), so every window and every restart agree.
 */
import { importKey, type ExamEvent, type ForgetEvent, type ImportEvent, type LinkEvent, type MockAttemptEvent, type ReviewEvent, type ReviewRatingEvent, type SuspendEvent } from './review-event';
import { compareEvents } from './review-log';
import type { CardSchedule, ReviewScheduler } from './scheduler';

/** Events that change a card's own state. */
export type CardEvent = ReviewRatingEvent | ForgetEvent | SuspendEvent | ImportEvent;

/** What the history knows about one card. */
export interface CardRecord {
  /** The card id the history now belongs to (after links). */
  readonly id: string;
  readonly schedule: CardSchedule;
  readonly suspended: boolean;
  /**
   * Its events in (time, id) order, undone ones left out. After a start from a state
   * snapshot, only the events since the snapshot (the rest are folded into `schedule`).
   */
  readonly events: readonly CardEvent[];
  /** The latest note key and question text the events recorded. */
  readonly note: string | undefined;
  readonly question: string | undefined;
  /** Number of reviews in its whole history. */
  readonly reviewCount: number;
  /** Time of the review that introduced it (its first since it was new or last forgotten). */
  readonly introducedAt: number | undefined;
  /**
   * Times of its other reviews, for counting today's reviews. After a start from a
   * snapshot, only those from two days before the snapshot on (today is never older).
   */
  readonly repeatTimes: readonly number[];
  /** The (time, id) of the last event folded in; undefined when it has none. */
  readonly last: EventKey | undefined;
  /**
   * The schedule the last import folded in brought (`importKey`: `2026-03-01,4,270`), taken
   * or not: an import of the same schedule again adds nothing. Absent without imports.
   */
  readonly imported?: string;
}

/** The (time, id) order key of an event. */
export interface EventKey {
  readonly time: number;
  readonly id: string;
}

/** Lets a long replay give the host a turn: called between slices, awaited. */
export type Pause = () => Promise<void>;

/**
 * Card schedules folded from review events.
 *
 * ```ts
 * const history = ReviewHistory.fromEvents(readReviewLog(segments).events, scheduler);
 * history.card(cardId)?.schedule.dueAt;
 * ```
 */
export class ReviewHistory {
  private readonly eventsById = new Map<string, ReviewEvent>();
  /** Card events by the card id they were written for (before links). */
  private readonly rawByCard = new Map<string, CardEvent[]>();
  private readonly undone = new Set<string>();
  private readonly linksByFrom = new Map<string, LinkEvent[]>();
  private readonly acknowledged = new Set<string>();
  /** Exam date events, in (time, id) order. */
  private readonly exams: ExamEvent[] = [];
  /** Mock exam attempts, as they came (the statistics read them). */
  private readonly mocks: MockAttemptEvent[] = [];
  private records = new Map<string, CardRecord>();
  /** Card events grouped by resolved card id, each group in (time, id) order. */
  private groups = new Map<string, CardEvent[]>();
  /** Saved states this history started from (see `fromStates`); groups then hold only later events. */
  private readonly bases = new Map<string, CardRecord>();
  /** Events folded into the saved states and not kept in memory. */
  private baseEventCount = 0;
  /** Started from saved states (even none): an event may refer to one that is folded in and not known here. */
  private startedFromStates = false;
  /** Events the saved states' undos took back: folded into the saved count already (an undo follows its target in the log). */
  private readonly undoneInStates = new Set<string>();
  private replayReason: string | undefined;

  constructor(private readonly scheduler: ReviewScheduler) {}

  /** A history folded from `events` in one go. */
  static fromEvents(events: Iterable<ReviewEvent>, scheduler: ReviewScheduler): ReviewHistory {
    const history = new ReviewHistory(scheduler);
    for (const event of events) history.index(event);
    history.regroup();
    for (const id of history.groups.keys()) history.refold(id);
    return history;
  }

  /**
   * Like `fromEvents`, awaiting `pause` whenever a slice has run for `sliceMs` so that a
   * log of a million reviews does not block its host.
   */
  static async fromEventsInSlices(events: Iterable<ReviewEvent>, scheduler: ReviewScheduler, pause: Pause, sliceMs = 15, progress?: (fraction: number) => void): Promise<ReviewHistory> {
    const history = new ReviewHistory(scheduler);
    const slice = slicer(pause, sliceMs);
    for (const event of events) {
      history.index(event);
      await slice();
    }
    progress?.(0.2);
    await history.regroupInSlices(slice);
    progress?.(0.3);
    // Folding the cards is most of the work: its share is reported as it goes.
    const total = history.groups.size || 1;
    let done = 0;
    for (const id of history.groups.keys()) {
      history.refold(id);
      if ((++done & 1023) === 0) progress?.(0.3 + (0.7 * done) / total);
      await slice();
    }
    progress?.(1);
    return history;
  }

  /**
   * A history that starts from saved card states (a snapshot) instead of their events:
   * `cards` are the folded records, `meta` the undo, link and ack events they were folded
   * with. Events added later fold on top of them; an event that would need a card's
   * earlier events (older than its last one, an undo of an event before the snapshot, a
   * link) sets `needsReplay` instead, and the caller replays the whole log.
   */
  static async fromStates(states: Iterable<CardRecord>, meta: Iterable<ReviewEvent>, baseEventCount: number, scheduler: ReviewScheduler, pause: Pause, sliceMs = 15): Promise<ReviewHistory> {
    const history = new ReviewHistory(scheduler);
    history.startedFromStates = true;
    const slice = slicer(pause, sliceMs);
    for (const event of meta) history.index(event);
    for (const id of history.undone) history.undoneInStates.add(id);
    for (const record of states) {
      history.bases.set(record.id, record);
      history.records.set(record.id, record);
      await slice();
    }
    history.baseEventCount = baseEventCount - history.eventsById.size;
    return history;
  }

  /**
   * True when an event could not be folded exactly onto the saved states this history
   * started from: the whole log has to be replayed. Never true for a history built from events.
   */
  get needsReplay(): boolean {
    return this.replayReason !== undefined;
  }

  /** Why a replay is needed, for the log. */
  get needsReplayBecause(): string | undefined {
    return this.replayReason;
  }

  /** Whether this history started from saved states. */
  get fromSnapshot(): boolean {
    return this.startedFromStates;
  }

  /** The undo, link, ack and exam events: what a snapshot keeps besides the card states. */
  metaEvents(): ReviewEvent[] {
    return [...this.eventsById.values()].filter((e) => e.kind === 'undo' || e.kind === 'link' || e.kind === 'ack' || e.kind === 'exam').sort(compareEvents);
  }

  /**
   * The exam event in force for a workspace folder (its label in a multi-root workspace,
   * undefined with one folder): the last one not undone; undefined when there is none or
   * the last one cleared the date (see `ExamEvent`).
   */
  exam(folder: string | undefined): (ExamEvent & { readonly date: string }) | undefined {
    for (let i = this.exams.length - 1; i >= 0; i--) {
      const event = this.exams[i];
      if ((event.folder ?? '') !== (folder ?? '') || this.undone.has(event.id)) continue;
      return event.date === null ? undefined : (event as ExamEvent & { date: string });
    }
    return undefined;
  }

  /** The mock exam attempts it holds, as they came: after a start from a snapshot, only those since. */
  mockEvents(): readonly MockAttemptEvent[] {
    return this.mocks;
  }

  /** Number of distinct events. */
  get eventCount(): number {
    return this.baseEventCount + this.eventsById.size;
  }

  /** Whether an event with this id is known. */
  hasEvent(id: string): boolean {
    return this.eventsById.has(id);
  }

  /** The event with this id. */
  event(id: string): ReviewEvent | undefined {
    return this.eventsById.get(id);
  }

  /** Whether the event was taken back by an undo. */
  isUndone(id: string): boolean {
    return this.undone.has(id);
  }

  /** The card's record, or undefined when it has no history. */
  card(id: string): CardRecord | undefined {
    return this.records.get(id);
  }

  /** Every card with history. */
  cards(): IterableIterator<CardRecord> {
    return this.records.values();
  }

  /** Every link event, in (time, id) order. */
  links(): LinkEvent[] {
    return [...this.linksByFrom.values()].flat().sort(compareEvents);
  }

  /** Finding keys that `Check Review Log` already reported. */
  isAcknowledged(key: string): boolean {
    return this.acknowledged.has(key);
  }

  /**
   * The card id that history written for `cardId` at `time` belongs to now: a link moves
   * the events written up to its own time, and later links move them on.
   */
  resolve(cardId: string, time: number): string {
    let current = cardId;
    let cursor = time;
    // Each step takes a strictly later link, so cycles (A→B, later B→A) terminate.
    for (;;) {
      const next = this.linksByFrom.get(current)?.find((link) => !this.undone.has(link.id) && link.time >= cursor);
      if (!next) return current;
      current = next.to;
      cursor = next.time + 1;
    }
  }

  /**
   * Adds one event (a live rating, or a line another window appended) and returns the
   * ids of the cards whose record changed. An event already known is ignored.
   */
  add(event: ReviewEvent): string[] {
    if (this.eventsById.has(event.id)) return [];
    if (event.kind !== 'ack' && event.kind !== 'link' && event.kind !== 'undo' && event.kind !== 'exam' && event.kind !== 'mock') {
      const folded = this.checkAgainstBase(event);
      if (folded !== undefined) return folded;
    }
    this.index(event);
    switch (event.kind) {
      case 'ack':
      case 'exam':
      case 'mock':
        // No card changes: an exam date is read with `exam()`, mock exams with `mockEvents()`.
        return [];
      case 'link':
        if (this.startedFromStates) return this.replay(`a link ${event.id} of history from before the snapshot`);
        return this.rebuild();
      case 'undo': {
        const target = this.eventsById.get(event.target);
        if (!target) {
          // The target may be folded into a saved state, under a card id that links have
          // moved since (an undo after a re-link): only a replay knows.
          if (this.startedFromStates) return this.replay(`an undo ${event.id} of an event from before the snapshot`);
          return [];
        }
        if (target.kind === 'undo' || target.kind === 'ack' || target.kind === 'exam' || target.kind === 'mock') return [];
        if (target.kind === 'link') return this.startedFromStates ? this.replay(`an undo ${event.id} of a link`) : this.rebuild();
        const id = this.resolve(target.card, target.time);
        const group = this.groups.get(id);
        const at = group?.indexOf(target) ?? -1;
        if (group && at >= 0) group.splice(at, 1);
        this.refold(id);
        return [id];
      }
      case 'review':
      case 'forget':
      case 'suspend':
      case 'unsuspend':
      case 'import': {
        if (this.undone.has(event.id)) return [];
        const id = this.resolve(event.card, event.time);
        let group = this.groups.get(id);
        if (!group) this.groups.set(id, (group = []));
        const last = group[group.length - 1];
        const record = this.records.get(id);
        if (last && compareEvents(last, event) > 0) {
          // An older event arrived late (another machine's clock, a git pull): refold in order.
          group.push(event);
          group.sort(compareEvents);
          this.refold(id);
        } else {
          group.push(event);
          // The common case, a live rating: one ts-fsrs step, O(1) in the size of the log.
          // The record it replaces may be held elsewhere (a snapshot being written): copy, never grow in place.
          this.records.set(id, this.step(id, record ?? this.emptyRecord(id), event, group, false));
        }
        return [id];
      }
    }
  }

  /**
   * For a card event of a history started from saved states: [] when the saved states hold
   * it already (the event folded last into its card's state, or one their undos took back:
   * a line read again), a replay when it is older than its card's last folded event (its
   * place among the folded events is unknown here), undefined when it folds on top.
   * Checked before the event is indexed, so that an event read again is not counted twice.
   */
  private checkAgainstBase(event: CardEvent): string[] | undefined {
    if (!this.startedFromStates) return undefined;
    if (this.undoneInStates.has(event.id)) return [];
    const id = this.resolve(event.card, event.time);
    const base = this.bases.get(id);
    if (!base?.last || compareEvents(base.last, event) < 0) return undefined;
    if (base.last.id === event.id && base.last.time === event.time) return [];
    return this.replay(`an event ${event.id} older than the snapshot of card ${id}`);
  }

  private index(event: ReviewEvent): void {
    if (this.eventsById.has(event.id)) return;
    this.eventsById.set(event.id, event);
    switch (event.kind) {
      case 'ack':
        for (const ref of event.refs) this.acknowledged.add(ref);
        break;
      case 'undo': {
        const target = this.eventsById.get(event.target);
        // An undo of an undo is not a redo: it is ignored.
        if (!target || (target.kind !== 'undo' && target.kind !== 'ack')) this.undone.add(event.target);
        break;
      }
      case 'link': {
        let list = this.linksByFrom.get(event.card);
        if (!list) this.linksByFrom.set(event.card, (list = []));
        list.push(event);
        list.sort(compareEvents);
        break;
      }
      case 'exam': {
        // A few per workspace: kept in order as they come, late ones too.
        this.exams.push(event);
        this.exams.sort(compareEvents);
        break;
      }
      case 'mock':
        this.mocks.push(event);
        break;
      default: {
        let list = this.rawByCard.get(event.card);
        if (!list) this.rawByCard.set(event.card, (list = []));
        list.push(event);
      }
    }
  }

  /** Regroups every card event by its resolved id. */
  private regroup(): void {
    this.groups = new Map();
    for (const events of this.rawByCard.values()) this.addToGroups(events);
    for (const group of this.groups.values()) group.sort(compareEvents);
  }

  /** Adds a raw card's events, undone ones left out, to the group of the id they resolve to. */
  private addToGroups(events: readonly CardEvent[]): void {
    for (const event of events) {
      if (this.undone.has(event.id)) continue;
      const id = this.resolve(event.card, event.time);
      let group = this.groups.get(id);
      if (!group) this.groups.set(id, (group = []));
      group.push(event);
    }
  }

  private rebuild(): string[] {
    const before = new Set(this.records.keys());
    this.regroup();
    this.records = new Map();
    for (const id of this.groups.keys()) this.refold(id);
    return [...new Set([...before, ...this.records.keys()])];
  }

  private replay(reason: string): string[] {
    this.replayReason ??= reason;
    return [];
  }

  private async regroupInSlices(slice: () => Promise<void>): Promise<void> {
    this.groups = new Map();
    for (const events of this.rawByCard.values()) {
      this.addToGroups(events);
      await slice();
    }
    for (const group of this.groups.values()) {
      group.sort(compareEvents);
      await slice();
    }
  }

  private refold(id: string): void {
    const group = this.groups.get(id) ?? [];
    const base = this.bases.get(id);
    let record = base ?? this.emptyRecord(id);
    const upTo: CardEvent[] = [];
    for (const event of group) {
      upTo.push(event);
      record = this.step(id, record, event, upTo, record !== base);
    }
    if (group.length === 0 && !base) this.records.delete(id);
    else this.records.set(id, { ...record, events: group });
  }

  private emptyRecord(id: string): CardRecord {
    return { id, schedule: this.scheduler.newCard(), suspended: false, events: [], note: undefined, question: undefined, reviewCount: 0, introducedAt: undefined, repeatTimes: [], last: undefined };
  }

  /** One event on top of `record`; `inPlace`: the record is an intermediate of a fold, dropped after, so its list may grow in place. */
  private step(id: string, record: CardRecord, event: CardEvent, events: readonly CardEvent[], inPlace: boolean): CardRecord {
    let { schedule, suspended, reviewCount, introducedAt, repeatTimes, imported } = record;
    switch (event.kind) {
      case 'review':
        schedule = this.scheduler.rate(schedule, event.rating, event.time);
        reviewCount++;
        // The first review since the card was new introduces it; the others are repeats (see the queue's daily limits).
        if (record.schedule.phase === 'new') introducedAt = event.time;
        else if (inPlace && record.repeatTimes.length > 0) (repeatTimes as number[]).push(event.time);
        else repeatTimes = [...repeatTimes, event.time];
        break;
      case 'forget':
        // As if never reviewed (the README's promise): counts and today's reviews go too; the log keeps the reviews.
        schedule = this.scheduler.forget(schedule, event.time);
        reviewCount = 0;
        introducedAt = undefined;
        repeatTimes = [];
        break;
      case 'suspend':
        suspended = true;
        break;
      case 'unsuspend':
        suspended = false;
        break;
      case 'import':
        // Reviews made here win over a schedule brought from elsewhere, whichever came first on disk.
        if (reviewCount === 0) schedule = this.scheduler.importedCard(event, event.time);
        imported = importKey(event);
        break;
    }
    const next: CardRecord = { id, schedule, suspended, events, note: event.note ?? record.note, question: event.question ?? record.question, reviewCount, introducedAt, repeatTimes, last: { time: event.time, id: event.id } };
    return imported === undefined ? next : { ...next, imported };
  }
}

/** A function to await after each step: it pauses when the slice has run for `sliceMs`. */
function slicer(pause: Pause, sliceMs: number): () => Promise<void> {
  let sliceStart = performance.now();
  let n = 0;
  return async () => {
    // Reading the clock every step would cost more than the cheap steps; every 8th is enough (a card's refold is the dearest, ~0.2 ms).
    if ((++n & 7) !== 0 || performance.now() - sliceStart < sliceMs) return;
    await pause();
    sliceStart = performance.now();
  };
}
