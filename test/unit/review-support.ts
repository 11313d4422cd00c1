// Shared fakes of the review tests: an in-memory log store, a settable clock, fixed dates.
import { ReviewScheduler, type Clock, type LogSegment, type ReviewEvent, type ReviewLogStore, type SchedulerSettings } from '../../src/core/review';

/** 2025-01-06 09:00 UTC, a Monday: the fixed "now" of the review tests. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** The scheduler with ts-fsrs's defaults and fuzz off (or on, when asked). */
export function testScheduler(settings: Partial<SchedulerSettings> = {}): ReviewScheduler {
  return new ReviewScheduler({ fuzz: false, ...settings });
}

/** A clock the test moves. */
export class TestClock implements Clock {
  constructor(public time = T0) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A log store in memory: one text per segment; `failWith` makes appends fail. */
export class MemoryLogStore implements ReviewLogStore {
  readonly segments = new Map<string, string>();
  private readonly read = new Map<string, number>();
  failWith: Error | undefined;

  constructor(readonly writerId = 'w1') {}

  async readAll(): Promise<LogSegment[]> {
    return [...this.segments].map(([name, text]) => {
      this.read.set(name, text.lastIndexOf('\n') + 1);
      return { name, text };
    });
  }

  async readNew(): Promise<LogSegment[]> {
    const out: LogSegment[] = [];
    for (const [name, text] of this.segments) {
      const from = this.read.get(name) ?? 0;
      const to = text.lastIndexOf('\n') + 1;
      if (to <= from) continue;
      out.push({ name, text: text.slice(from, to), firstLine: text.slice(0, from).split('\n').length });
      this.read.set(name, to);
    }
    return out;
  }

  async append(line: string, _event: ReviewEvent): Promise<void> {
    if (this.failWith) throw this.failWith;
    const name = `${this.writerId}.jsonl`;
    this.segments.set(name, (this.segments.get(name) ?? '') + line + '\n');
  }

  /** Every segment's text, as a later load would see it. */
  snapshot(): LogSegment[] {
    return [...this.segments].map(([name, text]) => ({ name, text }));
  }
}

/** A review event line, for hand-written logs. */
export function reviewLine(id: string, card: string, time: number, rating: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ v: 1, id, kind: 'review', card, time, rating, durationMs: 3000, ...extra });
}
