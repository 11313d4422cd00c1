/**
 * Reading the review log: segments (one file per writer) in, validated and de-duplicated
 * events out, with every unusable line reported by segment and line. Never throws.
 */
import { hash64 } from '../model/card-id';
import { parseReviewLine, type ParsedLine, type ReviewEvent } from './review-event';

/** One segment of the log: a writer's file name and its text. */
export interface LogSegment {
  /** The file's name, such as `m1x-7f3a.jsonl`; used in reports and for a stable order. */
  readonly name: string;
  readonly text: string;
  /** Line number of the text's first line, when it is a later part of the file (default 1). */
  readonly firstLine?: number;
}

/** A line that could not be used. The line stays on disk; this is what gets reported. */
export interface LogProblem {
  readonly segment: string;
  /** 1-based line number in the segment; 0 for the whole file (a copy of a segment, not read). */
  readonly line: number;
  readonly reason: string;
  /** Whether this is the segment's last line without a line break: a write cut short. */
  readonly torn: boolean;
}

/** Where an event was read from. */
export interface EventSource {
  readonly segment: string;
  readonly line: number;
}

/** The usable content of the log. */
export interface ReadLog {
  /** Every distinct event, in segment-name then line order (not yet sorted by time). */
  readonly events: readonly ReviewEvent[];
  /** Where each event was first read, by event id. */
  readonly sources: ReadonlyMap<string, EventSource>;
  /** Unusable lines. */
  readonly problems: readonly LogProblem[];
  /** Lines repeating an event id with the same content (a copied segment, a merge): harmless. */
  readonly duplicates: readonly (EventSource & { readonly id: string })[];
  /**
   * Lines reusing an event id with different content (two machines that shared a writer
   * id): both events are kept, the later one read under `keptAs`, an id derived from its content.
   */
  readonly idConflicts: readonly (EventSource & { readonly id: string; readonly keptAs: string })[];
  /** Number of non-blank lines read. */
  readonly lineCount: number;
}

/**
 * Splits a segment's text into lines: a leading BOM is dropped, CRLF and LF both end a
 * line, and a last line without a line break is kept (it is a complete event unless a
 * write was cut short, which its validation tells).
 */
export function splitLogLines(text: string, atFileStart = true): string[] {
  const body = atFileStart && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Reads every segment of a log. A segment may come in several parts (the same name, in
 * order, each after the first with its `firstLine`), as a file read in chunks does.
 *
 * ```ts
 * readReviewLog([{ name: 'a.jsonl', text: '{"v":1,…}\n{"v":1,"id":"a.2",…,"rating":7}\n' }])
 * // one event, one problem: { segment: 'a.jsonl', line: 2, reason: 'rating must be 1, 2, 3 or 4, not 7' }
 * ```
 */
export function readReviewLog(segments: readonly LogSegment[]): ReadLog {
  const reader = new LogReader();
  for (const segment of sortByName(segments)) {
    const lines = splitLogLines(segment.text, (segment.firstLine ?? 1) === 1);
    for (let i = 0; i < lines.length; i++) reader.line(segment, lines, i);
  }
  return reader.result();
}

/**
 * `readReviewLog` in slices: awaits `pause` whenever a slice has run for `sliceMs`, so
 * that validating a million lines does not block its host, and reports the share of text
 * read so far to `progress` at each pause. Same result.
 */
export async function readReviewLogInSlices(segments: readonly LogSegment[], pause: () => Promise<void>, sliceMs = 15, progress?: (fraction: number) => void): Promise<ReadLog> {
  const reader = new LogReader();
  const total = segments.reduce((n, s) => n + s.text.length, 0) || 1;
  let done = 0;
  let reported = 0;
  let sliceStart = performance.now();
  const slice = async (at: number) => {
    reported = Math.max(reported, Math.min(1, at / total));
    progress?.(reported);
    await pause();
    sliceStart = performance.now();
  };
  for (const segment of sortByName(segments)) {
    const lines = splitLogLines(segment.text, (segment.firstLine ?? 1) === 1);
    let chars = 0;
    for (let i = 0; i < lines.length; i++) {
      reader.line(segment, lines, i);
      chars += lines[i].length + 1;
      if ((i & 255) === 255 && performance.now() - sliceStart >= sliceMs) await slice(done + chars);
    }
    done += segment.text.length;
    if (performance.now() - sliceStart >= sliceMs) await slice(done);
  }
  progress?.(1);
  return reader.result();
}

function sortByName(segments: readonly LogSegment[]): LogSegment[] {
  // Array sort is stable: the parts of one segment keep their order.
  return [...segments].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Validates and dedupes lines one at a time. */
class LogReader {
  private readonly events: ReviewEvent[] = [];
  private readonly sources = new Map<string, EventSource>();
  /** The first event read for each id (the raw lines are not kept: they would hold the whole log's text in memory). */
  private readonly firsts = new Map<string, ReviewEvent>();
  private readonly problems: LogProblem[] = [];
  private readonly duplicates: (EventSource & { id: string })[] = [];
  private readonly idConflicts: (EventSource & { id: string; keptAs: string })[] = [];
  private lineCount = 0;

  line(segment: LogSegment, lines: readonly string[], index: number): void {
    const text = lines[index];
    if (text.trim() === '') return;
    this.lineCount++;
    const line = (segment.firstLine ?? 1) + index;
    const parsed = parseSafely(text);
    if (!parsed.ok) {
      const torn = index === lines.length - 1 && !segment.text.endsWith('\n');
      this.problems.push({ segment: segment.name, line, reason: torn ? `${parsed.reason}; the last write was cut short` : parsed.reason, torn });
      return;
    }
    const { event } = parsed;
    const seen = this.firsts.get(event.id);
    if (seen === undefined) {
      // The key-order-independent form is only computed on a collision.
      this.keep(event, segment.name, line);
    } else if (canonical(seen) === canonical(event)) {
      this.duplicates.push({ segment: segment.name, line, id: event.id });
    } else {
      // Two machines with one writer id (a cloned profile, a restored backup): both wrote
      // real reviews. The later one read is kept under an id derived from its content, so
      // that a copy of it elsewhere is still a duplicate and the same log always folds alike.
      const keptAs = `${event.id}~${hash64(canonical(event)).slice(0, 12)}`;
      this.idConflicts.push({ segment: segment.name, line, id: event.id, keptAs });
      if (this.firsts.has(keptAs)) this.duplicates.push({ segment: segment.name, line, id: keptAs });
      else this.keep({ ...event, id: keptAs }, segment.name, line);
    }
  }

  private keep(event: ReviewEvent, segment: string, line: number): void {
    this.firsts.set(event.id, event);
    this.sources.set(event.id, { segment, line });
    this.events.push(event);
  }

  result(): ReadLog {
    const { events, sources, problems, duplicates, idConflicts, lineCount } = this;
    return { events, sources, problems, duplicates, idConflicts, lineCount };
  }
}

/** `parseReviewLine`, with anything it throws turned into a problem: one line must never stop a load. */
function parseSafely(text: string): ParsedLine {
  try {
    return parseReviewLine(text);
  } catch (error) {
    return { ok: false, reason: `unreadable (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The event's content with keys sorted, so that key order does not make a duplicate look different. */
function canonical(event: ReviewEvent): string {
  const o = event as unknown as Record<string, unknown>;
  return JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** Orders events by (time, id): the one order every window folds them in. */
export function compareEvents(a: Pick<ReviewEvent, 'time' | 'id'>, b: Pick<ReviewEvent, 'time' | 'id'>): number {
  if (a.time !== b.time) return a.time - b.time;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
