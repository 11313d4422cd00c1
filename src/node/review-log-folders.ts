// The logs of several workspace folders as one store: each folder keeps its own segments,
// an event goes to the folder of its note. Node only (no vscode).
import type { LogSegment, Pause, ReviewEvent, ReviewLogStore, SegmentMark } from '../core/review';
import type { ReviewLogFiles } from './review-log-files';

/** One folder's log and the label its segment names are prefixed with in a multi-root workspace. */
export interface NamedLog {
  readonly name: string;
  readonly files: ReviewLogFiles;
}

/** The logs of several workspace folders as one `ReviewLogStore`. */
export class FolderLogs implements ReviewLogStore {
  constructor(
    private readonly logs: readonly NamedLog[],
    readonly writerId: string,
  ) {}

  get folders(): ReviewLogFiles[] {
    return this.logs.map((l) => l.files);
  }

  /** Identifies the configuration (folders), to tell whether settings moved the log. */
  get key(): string {
    return this.logs.map((l) => l.files.folder).join('\n');
  }

  async readAll(): Promise<LogSegment[]> {
    return this.prefixed(await Promise.all(this.logs.map((l) => l.files.readAll())));
  }

  async readNew(): Promise<LogSegment[]> {
    return this.prefixed(await Promise.all(this.logs.map((l) => l.files.readNew())));
  }

  append(line: string, event: ReviewEvent): Promise<void> {
    return this.logFor(event).append(line, event);
  }

  /** Every folder's marks (names prefixed as in `prefixed`), so that starts can use the state snapshot. */
  async marks(): Promise<SegmentMark[] | undefined> {
    // Each folder takes its offsets synchronously when called, before any await.
    const perFolder = await Promise.all(this.logs.map((l) => l.files.marks()));
    if (perFolder.some((marks) => marks === undefined)) return undefined;
    const all = perFolder as SegmentMark[][];
    if (this.logs.length === 1) return all[0];
    return all.flatMap((marks, i) => marks.map((m) => ({ ...m, name: `${this.logs[i].name}/${m.name}` })));
  }

  /** The lines after `marks`, folder by folder; undefined when any folder's marked segment changed. */
  async readSince(marks: readonly SegmentMark[]): Promise<LogSegment[] | undefined> {
    const perFolder = await Promise.all(this.logs.map((l) => l.files.readSince(this.marksOf(l, marks))));
    if (perFolder.some((segments) => segments === undefined)) return undefined;
    return this.prefixed(perFolder as LogSegment[][]);
  }

  async verify(marks: readonly SegmentMark[], pause: Pause): Promise<boolean> {
    for (const l of this.logs) if (!(await l.files.verify(this.marksOf(l, marks), pause))) return false;
    return true;
  }

  /** Whether any folder lost a segment it had read (each folder is asked, which resets it). */
  lostSegments(): boolean {
    return this.logs.map((l) => l.files.lostSegments()).some(Boolean);
  }

  segmentCopies(): readonly string[] {
    return this.logs.flatMap((l) => l.files.segmentCopies().map((name) => (this.logs.length === 1 ? name : `${l.name}/${name}`)));
  }

  private marksOf(log: NamedLog, marks: readonly SegmentMark[]): SegmentMark[] {
    if (this.logs.length === 1) return [...marks];
    const prefix = `${log.name}/`;
    return marks.filter((m) => m.name.startsWith(prefix)).map((m) => ({ ...m, name: m.name.slice(prefix.length) }));
  }

  private logFor(event: ReviewEvent): ReviewLogFiles {
    // An event about a folder rather than a note (an exam date) names the folder's label.
    const byFolder = this.logs.length > 1 && event.folder !== undefined ? this.logs.find((l) => l.name === event.folder) : undefined;
    if (byFolder) return byFolder.files;
    if (this.logs.length > 1 && event.note) {
      // In multi-root workspaces note keys start with the folder's label (workspaceFolderLabel).
      const owner = this.logs.find((l) => event.note?.startsWith(`${l.name}/`));
      if (owner) return owner.files;
    }
    return this.logs[0].files;
  }

  private prefixed(perFolder: LogSegment[][]): LogSegment[] {
    if (this.logs.length === 1) return perFolder[0];
    return perFolder.flatMap((segments, i) => segments.map((s) => ({ ...s, name: `${this.logs[i].name}/${s.name}` })));
  }
}
