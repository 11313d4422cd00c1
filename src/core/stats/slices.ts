/**
 * Running a long computation written as a generator: all at once, or in slices that give
 * the host a turn (`pause`) whenever one has run for `sliceMs`, through the core's one
 * time-slicing helper (`TimeSlicer`). The generator yields after each batch of work;
 * what it returns is the result.
 */
import { TimeSlicer, type Now, type Pause } from '../util/time-slice';

export type { Pause };

/** Runs the steps to the end in one go. */
export function runAll<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs the steps, awaiting `pause` whenever a slice has run for `sliceMs`. The clock is
 * read after every step, so a step should be a batch of work (hundreds of events, well
 * under a millisecond), not one event.
 */
export async function runInSlices<T>(steps: Generator<void, T>, pause: Pause, sliceMs = 15, clock: Now = () => performance.now()): Promise<T> {
  const slicer = new TimeSlicer(clock, pause, sliceMs);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await slicer.yieldIfSpent();
  }
}
