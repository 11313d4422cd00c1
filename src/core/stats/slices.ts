/**
 * Running a long computation written as a generator: all at once, or in slices that give
 * the host a turn (`pause`, the same port the review history's sliced replay takes)
 * whenever one has run for `sliceMs`. The generator yields after each batch of work;
 * what it returns is the result.
 */
import type { Pause } from '../review/review-history';

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
export async function runInSlices<T>(steps: Generator<void, T>, pause: Pause, sliceMs = 15, clock: () => number = Date.now): Promise<T> {
  let sliceStart = clock();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (clock() - sliceStart < sliceMs) continue;
    await pause();
    sliceStart = clock();
  }
}
