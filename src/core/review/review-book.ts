/**
 * The review book: the history loaded from a `ReviewLogStore`, and the one place that
 * records new events. A rating counts in memory at once and is appended through the
 * store; when the store fails, the event stays pending (never lost) and is written on
 * the next attempt.
 */
import { choiceSnapshot, EXAM_CARD, formatReviewEvent, parseReviewLine, questionSnapshot, REVIEW_LOG_VERSION, type ExamEvent, type ExamScopeItem, type ExamWeightItem, type ImportEvent, type MockAnswer, type MockAttemptEvent, type ReviewEvent, type ReviewRatingEvent } from './review-event';
import { ReviewHistory, type Pause } from './review-history';
import { compareEvents, readReviewLog, readReviewLogInSlices, type LogProblem, type LogSegment, type ReadLog } from './review-log';
import { formatReviewSnapshot, parseReviewSnapshot, schedulerKey, type ReviewStateStore, type SegmentMark } from './review-snapshot';
import type { QueueCard } from './review-queue';
import { importOutcome, type ImportSummary, type ScheduleImport } from './schedule-import';
import type { Rating, ReviewScheduler } from './scheduler';

/** Where the log lives. Adapters implement it over files (one segment per writer). */
export interface ReviewLogStore {
  /** This writer's id: unique per window session. Event ids start with it. */
  readonly writerId: string;
  /** Every segment, whole. */
  readAll(): Promise<LogSegment[]>;
  /**
   * The complete lines appended to any segment since the last `readAll`/`readNew`
   * (with `firstLine` set), so that re-reading before each rating is cheap.
   */
  readNew(): Promise<LogSegment[]>;
  /**
   * Whether a segment read before is gone since (deleted, or its folder removed) or no
   * longer holds what was read (rewritten, cut short, lines put before the read position):
   * only a full replay gives the history of what is on disk then. Optional.
   */
  lostSegments?(): boolean;
  /**
   * Appends one line (without its line break) to this writer's segment and resolves once
   * it is durable on disk. Rejects when it cannot be written.
   */
  append(line: string, event: ReviewEvent): Promise<void>;
  /**
   * How far each segment has been read (by `readAll`, `readNew`, `readSince` and this
   * writer's appends), with a fingerprint of what was read: saved with a state snapshot.
   * The offsets are taken when called, before any await. Undefined when a position is not
   * exact now (a write was cut short: its bytes are read back first). Optional: without
   * it, no snapshot.
   */
  marks?(): Promise<SegmentMark[] | undefined>;
  /**
   * The lines appended after `marks` (every segment not marked is read whole), or
   * undefined when a marked segment no longer holds what was read (rewritten, cut, gone)
   * as far as a quick check tells (see `verify`).
   */
  readSince?(marks: readonly SegmentMark[]): Promise<LogSegment[] | undefined>;
  /**
   * Whether every marked segment still holds, byte for byte, what the marks read (their
   * whole-segment checksums): the thorough check after a start that `readSince`'s quick
   * one let through. Reads the marked bytes, in slices between `pause` calls. Optional.
   */
  verify?(marks: readonly SegmentMark[], pause: Pause): Promise<boolean>;
  /**
   * Files beside the segments that look like copies of one (git mergetool's `.orig`, an
   * editor's `~` backup), as the last read found them: they are not read, and reported. Optional.
   */
  segmentCopies?(): readonly string[];
}

/**
 * Where events that could not be written are kept besides memory (VS Code's storage for
 * the workspace), so that closing the window before a retry succeeds loses nothing: the
 * next start appends them, once.
 */
export interface PendingEventStore {
  /** The kept lines (formatted events), oldest first; [] when none. */
  read(): Promise<readonly string[]>;
  /** Replaces the kept lines. */
  write(lines: readonly string[]): Promise<void>;
}

/** How far a full replay is, from 0 to 1. */
export type LoadProgress = (fraction: number) => void;

/** How `ReviewBook.start` loaded the log. */
export type StartResult =
  | { readonly from: 'snapshot'; /** The lines read after the snapshot's marks. */ readonly tail: ReadLog; readonly snapshotEvents: number; /** The marks `verifySnapshot` checks. */ readonly marks: readonly SegmentMark[] }
  | { readonly from: 'log'; /** Why the snapshot was not used. */ readonly reason: string; readonly read: ReadLog };

/** The time source. Tests pass a fixed one. */
export interface Clock {
  /** Now, epoch ms. */
  now(): number;
}

/** A snapshot start whose whole-segment checksums are not checked yet. */
interface Unverified {
  readonly marks: readonly SegmentMark[];
}

/** What happened to a recorded event. */
export interface RecordResult {
  readonly event: ReviewEvent;
  /** True once the line is durable on disk; false when it is pending in memory. */
  readonly saved: boolean;
  /** Why it is not saved. */
  readonly error?: Error;
}

/** A card as the book records it. */
export type RecordedCard = Pick<QueueCard, 'id' | 'note' | 'prompt'>;

/** A multiple-choice answer behind a rating: the options chosen (their text) and whether they were exactly the right ones. */
export interface ChoiceAnswer {
  readonly chosen: readonly string[];
  readonly correct: boolean;
}

/** A finished mock exam to record (see `MockAttemptEvent`). */
export interface MockAttempt {
  /** The workspace folder's label in a multi-root workspace; undefined with one folder. */
  readonly folder: string | undefined;
  readonly scope: string;
  readonly passMark: number;
  readonly durationMs: number;
  readonly answers: readonly MockAnswer[];
}

/** An exam date to record for a workspace folder (`date: null` clears it). */
export interface ExamSetting {
  /** The folder's label in a multi-root workspace; undefined with one folder. */
  readonly folder: string | undefined;
  readonly date: string | null;
  readonly scope?: readonly ExamScopeItem[];
  readonly weights?: readonly ExamWeightItem[];
}

/**
 * The review history of one log, and its writer.
 *
 * Every operation that reads the log or changes the history (load, start, re-read,
 * rating, snapshot) runs alone, in call order: a rating made while a replay runs waits
 * for it, so that the replay cannot replace a history the rating went into.
 *
 * ```ts
 * const book = new ReviewBook(store, clock, scheduler);
 * await book.load();
 * const { saved } = await book.rate(card, 3, 4200);
 * ```
 */
export class ReviewBook {
  private current: ReviewHistory;
  private readProblems: LogProblem[] = [];
  private sequence = 0;
  private readonly pending: { line: string; event: ReviewEvent }[] = [];
  /** This session's ratings, newest last, for undo. */
  private readonly sessionRatings: ReviewRatingEvent[] = [];
  /** This session's exam date changes, newest last, for undo. */
  private readonly sessionExams: ExamEvent[] = [];
  /** The tail of the one queue every operation runs in (see `exclusive`). */
  private queue: Promise<unknown> = Promise.resolve();
  /** A segment read before disappeared or was rewritten: the next load must replay the log. */
  private segmentLost = false;
  /** Whether the history changed since the last snapshot was taken or started from. */
  private dirty = false;
  /** The history is what the log held: false before the first load and after a failed one, when no snapshot may be saved. */
  private loaded = false;
  /** A start from a snapshot whose whole-segment checksums are not checked yet (see `verifySnapshot`). */
  private unverified: Unverified | undefined;
  /** The event ids of `pending`, as last handed to `keeper`. */
  private keptIds: string | undefined;

  constructor(
    private readonly store: ReviewLogStore,
    private readonly clock: Clock,
    private scheduler: ReviewScheduler,
    /** Keeps unwritten events beyond the window's life (see `PendingEventStore`). */
    private readonly keeper?: PendingEventStore,
  ) {
    this.current = new ReviewHistory(scheduler);
  }

  /** The folded history. */
  get history(): ReviewHistory {
    return this.current;
  }

  /** Lines the last full load could not use. */
  get problems(): readonly LogProblem[] {
    return this.readProblems;
  }

  /** Number of events recorded but not yet durable on disk. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Whether the last load or start succeeded (the history is the log's). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Uses other scheduling settings from the next load on. */
  useScheduler(scheduler: ReviewScheduler): void {
    this.scheduler = scheduler;
  }

  /**
   * (Re)loads the whole log, folding it in slices between `pause` calls when given, and
   * reporting how far it is to `progress`. Events still pending in memory are kept. Returns
   * the read, for reports. When it fails, the history is marked not loaded: no snapshot is
   * saved of it.
   */
  load(pause?: Pause, progress?: LoadProgress): Promise<ReadLog> {
    return this.exclusive(() => this.loadNow(pause, progress));
  }

  /**
   * Loads the log starting from the state snapshot in `states`: the saved card states,
   * then only the lines appended since. Falls back to a full replay (in slices) when there
   * is no usable snapshot, the scheduling settings changed, a segment no longer holds what
   * the snapshot read (rewritten, cut short, deleted), a later line needs events from
   * before the snapshot (an older event, an undo of one, a link), or events a closed window
   * could not write are waiting (only the whole log tells whether they reached it).
   * After a start from the snapshot, call `verifySnapshot`.
   */
  start(states: ReviewStateStore, pause: Pause, progress?: LoadProgress): Promise<StartResult> {
    return this.exclusive(() => this.startNow(states, pause, progress));
  }

  private async startNow(states: ReviewStateStore, pause: Pause, progress?: LoadProgress): Promise<StartResult> {
    const full = async (reason: string): Promise<StartResult> => ({ from: 'log', reason, read: await this.loadNow(pause, progress) });
    this.unverified = undefined;
    if (!this.store.marks || !this.store.readSince) return full('the log store keeps no marks');
    if (this.keeper && (await this.readKept()).length > 0) return full('reviews a closed window could not write are waiting');
    let text: string | undefined;
    try {
      text = await states.read();
    } catch {
      text = undefined;
    }
    if (text === undefined) return full('no state snapshot yet');
    this.loaded = false;
    const snapshot = await parseReviewSnapshot(text, pause);
    if (!snapshot) return full('the state snapshot is unreadable');
    if (snapshot.scheduler !== schedulerKey(this.scheduler.settings)) return full('the scheduling settings changed since the state snapshot');
    const own = `${this.store.writerId}.jsonl`;
    // This writer's numbering would have to continue from events the snapshot does not list.
    if (snapshot.marks.some((m) => m.name === own || m.name.endsWith(`/${own}`))) return full('this writer id is in the snapshot');
    const segments = await this.store.readSince(snapshot.marks);
    if (!segments) return full('a log segment changed since the state snapshot');
    // readSince re-read every segment there is now: a segment gone since an earlier
    // refresh (one the snapshot never held) needs no replay any more.
    this.segmentLost = false;
    this.store.lostSegments?.();
    const history = await ReviewHistory.fromStates(snapshot.cards, snapshot.meta, snapshot.eventCount, this.scheduler, pause);
    const tail = await readReviewLogInSlices(segments, pause);
    const events = [...tail.events, ...this.pending.map((p) => p.event)].sort(compareEvents);
    let sliceStart = performance.now();
    for (const event of events) {
      history.add(event);
      if (history.needsReplay) break;
      if (performance.now() - sliceStart >= 15) {
        await pause();
        sliceStart = performance.now();
      }
    }
    if (history.needsReplay) return full(history.needsReplayBecause ?? 'a line needs events from before the snapshot');
    this.current = history;
    // Copies of segments are listed afresh (the snapshot's list may be out of date).
    this.readProblems = [...snapshot.problems.filter((p) => p.line !== 0), ...tail.problems, ...this.copyProblems()];
    this.continueNumbering(tail.events);
    this.dirty = tail.events.length > 0;
    this.loaded = true;
    this.unverified = this.store.verify ? { marks: snapshot.marks } : undefined;
    return { from: 'snapshot', tail, snapshotEvents: snapshot.eventCount, marks: snapshot.marks };
  }

  /**
   * The thorough check of the snapshot the last `start` used: whether the log still holds
   * every byte its marks read (a same-size edit in the middle of a segment passes the quick
   * check). Runs beside other operations (it only reads); resolves to false when the
   * snapshot was stale, and the book then `needsReplay`. No snapshot is saved before it passed.
   */
  async verifySnapshot(pause: Pause): Promise<boolean> {
    const unverified = this.unverified;
    if (!unverified || !this.store.verify) return true;
    const ok = await this.store.verify(unverified.marks, pause);
    if (this.unverified !== unverified) return true; // a load since made it moot
    if (ok) this.unverified = undefined;
    else this.segmentLost = true;
    return ok;
  }

  /**
   * Saves the state snapshot of the history, unless it is unchanged since the last one,
   * the history is not the log's (a failed load, a snapshot not verified yet, one that
   * needs a replay), or events are still pending (not on disk, so not behind the marks).
   * Returns whether it was written.
   */
  saveState(states: ReviewStateStore, pause: Pause): Promise<boolean> {
    return this.exclusive(async () => {
      if (!this.store.marks || !this.dirty || !this.loaded || this.unverified || this.pending.length > 0 || this.needsReplay) return false;
      const marks = await this.store.marks();
      if (!marks) return false;
      const text = await formatReviewSnapshot(this.current, { marks, problems: this.readProblems, savedAt: this.clock.now(), scheduler: schedulerKey(this.scheduler.settings) }, pause);
      await states.write(text);
      this.dirty = false;
      return true;
    });
  }

  /** Whether the history needs a full replay (see `ReviewHistory.needsReplay`), after a refresh took in lines it could not fold exactly. */
  get needsReplay(): boolean {
    return this.segmentLost || this.current.needsReplay;
  }

  /**
   * Takes in what other writers appended since the last read (another window, a git
   * pull). Returns the ids of the cards whose schedule changed, and the new bad lines.
   */
  refresh(): Promise<{ changed: string[]; problems: LogProblem[]; examsChanged: boolean }> {
    return this.exclusive(() => this.refreshNow());
  }

  /**
   * Records a rating of `card` taking `durationMs`, with the multiple-choice answer behind
   * it when there was one, re-reading the log first so that other windows' ratings count.
   */
  rate(card: RecordedCard, rating: Rating, durationMs: number, answer?: ChoiceAnswer): Promise<RecordResult> {
    return this.exclusive(async () => {
      await this.refreshQuietly();
      const event: ReviewRatingEvent = {
        ...this.base(card.note, card.prompt),
        kind: 'review',
        card: card.id,
        rating,
        durationMs: Math.max(0, Math.round(durationMs)),
        ...(answer ? { chosen: choiceSnapshot(answer.chosen), correct: answer.correct } : {}),
      };
      this.sessionRatings.push(event);
      return this.record(event);
    });
  }

  /** Takes back this session's last rating that is not undone yet; undefined when there is none. */
  undoLastRating(): Promise<RecordResult | undefined> {
    return this.exclusive(async () => {
      let last: ReviewRatingEvent | undefined;
      while ((last = this.sessionRatings.pop()) && this.current.isUndone(last.id));
      if (!last) return undefined;
      return this.record({ ...this.base(last.note, last.question), kind: 'undo', card: last.card, target: last.id });
    });
  }

  /** The rating `undoLastRating` would take back. */
  lastRating(): ReviewRatingEvent | undefined {
    for (let i = this.sessionRatings.length - 1; i >= 0; i--) if (!this.current.isUndone(this.sessionRatings[i].id)) return this.sessionRatings[i];
    return undefined;
  }

  /** Records a finished mock exam: no schedule changes, Statistics reads it from the log. */
  recordMockAttempt(attempt: MockAttempt): Promise<RecordResult> {
    return this.exclusive(async () => {
      const event: MockAttemptEvent = {
        ...this.folderBase(attempt.folder),
        kind: 'mock',
        scope: attempt.scope,
        passMark: Math.min(1, Math.max(0, attempt.passMark)),
        durationMs: Math.max(0, Math.round(attempt.durationMs)),
        answers: attempt.answers.map((a) => ({ card: a.card, note: a.note, chosen: choiceSnapshot(a.chosen), correct: a.correct })),
      };
      return this.record(event);
    });
  }

  /** Sets or clears a folder's exam date; the last exam event of a folder wins everywhere the log syncs to. */
  setExam(setting: ExamSetting): Promise<RecordResult> {
    return this.exclusive(async () => {
      await this.refreshQuietly();
      const event: ExamEvent = {
        ...this.folderBase(setting.folder),
        kind: 'exam',
        date: setting.date,
        ...(setting.scope && setting.scope.length > 0 ? { scope: setting.scope.map(copyItem) } : {}),
        ...(setting.weights && setting.weights.length > 0 ? { weights: setting.weights.map((w) => ({ ...copyItem(w), weight: w.weight })) } : {}),
      };
      this.sessionExams.push(event);
      return this.record(event);
    });
  }

  /** Takes back this session's last exam date change that is not undone yet, with an `undo` line as for a rating; undefined when there is none. */
  undoLastExamChange(): Promise<RecordResult | undefined> {
    return this.exclusive(async () => {
      let last: ExamEvent | undefined;
      while ((last = this.sessionExams.pop()) && this.current.isUndone(last.id));
      if (!last) return undefined;
      const folder = last.folder !== undefined ? { folder: last.folder } : {};
      return this.record({ v: REVIEW_LOG_VERSION, id: this.nextId(), time: this.clock.now(), ...folder, kind: 'undo', card: EXAM_CARD, target: last.id });
    });
  }

  /** The exam date change `undoLastExamChange` would take back. */
  lastExamChange(): ExamEvent | undefined {
    for (let i = this.sessionExams.length - 1; i >= 0; i--) if (!this.current.isUndone(this.sessionExams[i].id)) return this.sessionExams[i];
    return undefined;
  }

  /**
   * Writes an `import` line for each schedule the card's history does not make moot (see
   * `importOutcome`), re-reading the log first so that other windows' reviews count.
   */
  importSchedules(items: readonly ScheduleImport[]): Promise<ImportSummary & { readonly last?: RecordResult }> {
    return this.exclusive(async () => {
      await this.refreshQuietly();
      const counts = { imported: 0, alreadyImported: 0, alreadyReviewed: 0 };
      let last: RecordResult | undefined;
      for (const item of items) {
        const outcome = importOutcome(this.current.card(item.card.id), item);
        if (outcome === 'already-imported') counts.alreadyImported++;
        else if (outcome === 'already-reviewed') counts.alreadyReviewed++;
        else {
          const event: ImportEvent = { ...this.base(item.card.note, item.card.prompt), kind: 'import', card: item.card.id, due: item.due, dueAt: item.dueAt, intervalDays: item.intervalDays, ease: item.ease };
          last = await this.record(event);
          counts.imported++;
        }
      }
      const notSaved = this.pending.filter((p) => p.event.kind === 'import').length;
      return { ...counts, notSaved, ...(last ? { last } : {}), ...(last?.error ? { error: last.error } : {}) };
    });
  }

  /** Moves the history of card `from` to `to` (a re-linked question). */
  link(from: string, to: RecordedCard): Promise<RecordResult> {
    return this.exclusive(() => this.record({ ...this.base(to.note, to.prompt), kind: 'link', card: from, to: to.id }));
  }

  /** Resets a card to new, or takes it out of / back into the queue. */
  mark(card: RecordedCard, kind: 'forget' | 'suspend' | 'unsuspend'): Promise<RecordResult> {
    return this.exclusive(() => this.record({ ...this.base(card.note, card.prompt), kind, card: card.id }));
  }

  /** Records that these findings were reported. */
  acknowledge(refs: readonly string[]): Promise<RecordResult> {
    return this.exclusive(() => this.record({ v: REVIEW_LOG_VERSION, id: this.nextId(), time: this.clock.now(), kind: 'ack', refs: [...refs] }));
  }

  /** Writes pending events again (after the folder came back, or space was freed). */
  flush(): Promise<{ saved: boolean; error?: Error }> {
    return this.exclusive(() => this.writePending());
  }

  /** Runs `operation` after every operation called before it has settled. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async loadNow(pause?: Pause, progress?: LoadProgress): Promise<ReadLog> {
    this.segmentLost = false;
    this.unverified = undefined;
    this.loaded = false;
    const kept = this.keeper ? await this.readKept() : [];
    const segments = await this.store.readAll();
    // Reading and validating is about two thirds of a replay, folding the rest.
    const read = pause ? await readReviewLogInSlices(segments, pause, 15, progress && ((f) => progress(f * 0.65))) : readReviewLog(segments);
    const events = [...read.events, ...this.pending.map((p) => p.event)];
    this.current = pause ? await ReviewHistory.fromEventsInSlices(events, this.scheduler, pause, 15, progress && ((f) => progress(0.65 + f * 0.35))) : ReviewHistory.fromEvents(events, this.scheduler);
    this.readProblems = [...read.problems, ...this.copyProblems()];
    this.continueNumbering(read.events);
    this.dirty = true;
    this.loaded = true;
    // Events a closed window could not write: those the log does not hold yet are written now, once.
    const missing = kept.filter((event) => !this.current.hasEvent(event.id) && !this.pending.some((p) => p.event.id === event.id));
    if (missing.length > 0) {
      for (const event of missing) {
        this.current.add(event);
        this.pending.push({ line: formatReviewEvent(event), event });
      }
      await this.writePending();
    } else if (kept.length > 0) {
      await this.keepPending();
    }
    return read;
  }

  /** The events kept by `keeper`; unreadable lines are dropped (they could not be written either). */
  private async readKept(): Promise<ReviewEvent[]> {
    let lines: readonly string[];
    try {
      lines = (await this.keeper?.read()) ?? [];
    } catch {
      return [];
    }
    const events: ReviewEvent[] = [];
    for (const line of lines) {
      const parsed = parseReviewLine(line);
      if (parsed.ok) events.push(parsed.event);
    }
    return events;
  }

  /** Hands the pending events to `keeper` when they changed. */
  private async keepPending(): Promise<void> {
    if (!this.keeper) return;
    const ids = this.pending.map((p) => p.event.id).join('\n');
    if (ids === this.keptIds) return;
    try {
      await this.keeper.write(this.pending.map((p) => p.line));
      this.keptIds = ids;
    } catch {
      // Memory still holds them and the retry goes on; the keeper is a second copy.
    }
  }

  /** A writer id seen again (a restored session) continues its numbering: event ids stay unique. */
  private continueNumbering(events: readonly ReviewEvent[]): void {
    const prefix = `${this.store.writerId}.`;
    for (const event of events) {
      if (!event.id.startsWith(prefix)) continue;
      const n = Number(event.id.slice(prefix.length));
      if (Number.isInteger(n) && n > this.sequence) this.sequence = n;
    }
  }

  private async refreshNow(): Promise<{ changed: string[]; problems: LogProblem[]; examsChanged: boolean }> {
    const read = readReviewLog(await this.store.readNew());
    // File watchers can fold a deletion into a change event: the refresh notices it too.
    if (this.store.lostSegments?.()) this.segmentLost = true;
    const changed = new Set<string>();
    let examsChanged = false;
    for (const event of read.events) {
      if (event.kind === 'exam' || (event.kind === 'undo' && event.card === EXAM_CARD)) examsChanged ||= !this.current.hasEvent(event.id);
      for (const id of this.current.add(event)) changed.add(id);
    }
    const known = new Set(this.readProblems.filter((p) => p.line === 0).map((p) => p.segment));
    const problems = [...read.problems, ...this.copyProblems().filter((p) => !known.has(p.segment))];
    this.readProblems.push(...problems);
    if (read.events.length > 0) this.dirty = true;
    return { changed: [...changed], problems, examsChanged };
  }

  /** The segment copies the store found, as problems at line 0 (the whole file). */
  private copyProblems(): LogProblem[] {
    return (this.store.segmentCopies?.() ?? []).map((name) => ({
      segment: name,
      line: 0,
      reason: "looks like a copy of a log segment (a merge tool's .orig, an editor's backup): not read; if it holds reviews the log lacks, give it a name ending in .jsonl",
      torn: false,
    }));
  }

  /** Applies the event in memory now, then writes it behind earlier pending ones. */
  private async record(event: ReviewEvent): Promise<RecordResult> {
    this.current.add(event);
    this.dirty = true;
    this.pending.push({ line: formatReviewEvent(event), event });
    const outcome = await this.writePending();
    const saved = !this.pending.some((p) => p.event === event);
    return saved ? { event, saved } : { event, saved, error: outcome.error ?? new Error('not written yet') };
  }

  /** Writes pending lines in order, one append each; stops at the first failure. */
  private async writePending(): Promise<{ saved: boolean; error?: Error }> {
    let outcome: { saved: boolean; error?: Error } = { saved: true };
    while (this.pending.length > 0) {
      const next = this.pending[0];
      try {
        await this.store.append(next.line, next.event);
      } catch (error) {
        outcome = { saved: false, error: error instanceof Error ? error : new Error(String(error)) };
        break;
      }
      this.pending.shift();
    }
    await this.keepPending();
    return outcome;
  }

  private async refreshQuietly(): Promise<void> {
    try {
      await this.refreshNow();
    } catch {
      // An unreadable folder must not stop a rating: the rating is kept and its own write reports the error.
    }
  }

  private base(note: string | undefined, question: string | undefined): { v: number; id: string; time: number; note?: string; question?: string } {
    return {
      v: REVIEW_LOG_VERSION,
      id: this.nextId(),
      time: this.clock.now(),
      ...(note !== undefined ? { note } : {}),
      ...(question !== undefined ? { question: questionSnapshot(question) } : {}),
    };
  }

  /** The fields of an event about a workspace folder rather than a note (an exam date, a mock exam). */
  private folderBase(folder: string | undefined): { v: number; id: string; time: number; folder?: string } {
    return { v: REVIEW_LOG_VERSION, id: this.nextId(), time: this.clock.now(), ...(folder !== undefined ? { folder } : {}) };
  }

  private nextId(): string {
    return `${this.store.writerId}.${++this.sequence}`;
  }
}

function copyItem(item: ExamScopeItem): ExamScopeItem {
  return item.section && item.section.length > 0 ? { note: item.note, section: [...item.section] } : { note: item.note };
}
