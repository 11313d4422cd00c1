/**
 * The review history: events folded into one schedule per card. The same set of events
 * gives the same schedules whatever order they arrive in (events are folded per card in
 * (time, id) order), so every window and every restart agree.
 */
import type { ForgetEvent, LinkEvent, ReviewEvent, ReviewRatingEvent, SuspendEvent } from './review-event';
import { compareEvents } from './review-log';
import type { CardSchedule, ReviewScheduler } from './scheduler';

/** Events that change a card's own state. */
export type CardEvent = ReviewRatingEvent | ForgetEvent | SuspendEvent;

/** What the history knows about one card. */
export interface CardRecord {
  /** The card id the history now belongs to (after links). */
  readonly id: string;
  readonly schedule: CardSchedule;
  readonly suspended: boolean;
  /** Its events in (time, id) order, undone ones left out. */
  readonly events: readonly CardEvent[];
  /** The latest note key and question text the events recorded. */
  readonly note: string | undefined;
  readonly question: string | undefined;
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
  private records = new Map<string, CardRecord>();
  /** Card events grouped by resolved card id, each group in (time, id) order. */
  private groups = new Map<string, CardEvent[]>();

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
  static async fromEventsInSlices(events: Iterable<ReviewEvent>, scheduler: ReviewScheduler, pause: Pause, sliceMs = 15): Promise<ReviewHistory> {
    const history = new ReviewHistory(scheduler);
    for (const event of events) history.index(event);
    history.regroup();
    let sliceStart = Date.now();
    for (const id of history.groups.keys()) {
      history.refold(id);
      if (Date.now() - sliceStart >= sliceMs) {
        await pause();
        sliceStart = Date.now();
      }
    }
    return history;
  }

  /** Number of distinct events. */
  get eventCount(): number {
    return this.eventsById.size;
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
    this.index(event);
    switch (event.kind) {
      case 'ack':
        return [];
      case 'link':
        return this.rebuild();
      case 'undo': {
        const target = this.eventsById.get(event.target);
        if (!target || target.kind === 'undo' || target.kind === 'ack') return [];
        if (target.kind === 'link') return this.rebuild();
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
      case 'unsuspend': {
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
          this.records.set(id, this.step(id, record ?? this.emptyRecord(id), event, group));
        }
        return [id];
      }
    }
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
    for (const events of this.rawByCard.values()) {
      for (const event of events) {
        if (this.undone.has(event.id)) continue;
        const id = this.resolve(event.card, event.time);
        let group = this.groups.get(id);
        if (!group) this.groups.set(id, (group = []));
        group.push(event);
      }
    }
    for (const group of this.groups.values()) group.sort(compareEvents);
  }

  private rebuild(): string[] {
    const before = new Set(this.records.keys());
    this.regroup();
    this.records = new Map();
    for (const id of this.groups.keys()) this.refold(id);
    return [...new Set([...before, ...this.records.keys()])];
  }

  private refold(id: string): void {
    const group = this.groups.get(id) ?? [];
    let record = this.emptyRecord(id);
    const upTo: CardEvent[] = [];
    for (const event of group) {
      upTo.push(event);
      record = this.step(id, record, event, upTo);
    }
    if (group.length === 0) this.records.delete(id);
    else this.records.set(id, { ...record, events: group });
  }

  private emptyRecord(id: string): CardRecord {
    return { id, schedule: this.scheduler.newCard(), suspended: false, events: [], note: undefined, question: undefined };
  }

  private step(id: string, record: CardRecord, event: CardEvent, events: readonly CardEvent[]): CardRecord {
    let { schedule, suspended } = record;
    switch (event.kind) {
      case 'review':
        schedule = this.scheduler.rate(schedule, event.rating, event.time);
        break;
      case 'forget':
        schedule = this.scheduler.forget(schedule, event.time);
        break;
      case 'suspend':
        suspended = true;
        break;
      case 'unsuspend':
        suspended = false;
        break;
    }
    return { id, schedule, suspended, events, note: event.note ?? record.note, question: event.question ?? record.question };
  }
}
