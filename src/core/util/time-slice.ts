/** Gives the event loop a turn (a timer of 0 ms, `setImmediate`; tests pass a resolved promise). */
export type Pause = () => Promise<void>;

/** The current time in milliseconds (`Date.now`'s shape); tests pass a manual clock. */
export type Now = () => number;

/**
 * Long work cut into slices of about `sliceMs`, with a pause between them so that the host
 * (an extension host, a browser tab) keeps answering. The one helper the core uses for
 * time slicing:
 *
 * ```ts
 * const slicer = new TimeSlicer(Date.now, pause, 15);
 * for (const note of notes) {
 *   index(note);
 *   await slicer.yieldIfSpent();
 * }
 * ```
 */
export class TimeSlicer {
  private sliceStart: number;

  constructor(
    private readonly now: Now,
    private readonly pause: Pause,
    private readonly sliceMs: number,
  ) {
    this.sliceStart = now();
  }

  /** Whether the current slice has used its time. */
  get spent(): boolean {
    return this.now() - this.sliceStart > this.sliceMs;
  }

  /** Pauses when the slice has used its time, then starts a new one; resolves whether it paused. */
  async yieldIfSpent(): Promise<boolean> {
    if (!this.spent) return false;
    await this.pause();
    this.sliceStart = this.now();
    return true;
  }
}

/**
 * Runs queued pieces of work in turn, in time slices: many small jobs that arrive together
 * (the parses of a folder copied in) share the host instead of running in one block.
 * `run` resolves (or rejects) with its own job.
 */
export class SliceQueue {
  private readonly queue: (() => void)[] = [];
  private draining = false;

  constructor(
    private readonly now: Now,
    private readonly pause: Pause,
    private readonly sliceMs: number,
  ) {}

  run(work: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push(() => {
        try {
          work();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    const slicer = new TimeSlicer(this.now, this.pause, this.sliceMs);
    while (this.queue.length > 0) {
      (this.queue.shift() as () => void)();
      await slicer.yieldIfSpent();
    }
    this.draining = false;
  }
}
