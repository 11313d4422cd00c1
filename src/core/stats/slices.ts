/**
 * Running a long computation written as a generator: all at once, or in slices that give
 * the host a turn (`pause`) whenever one has run for `sliceMs`. The generator yields
 * after each small unit of work; what it returns is the result.
 */

/** Lets a long computation give the host a turn: called between slices, awaited. */
export type Pause = () => Promise<void>;

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
