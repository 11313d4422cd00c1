/** How many notes the index reads ahead of the one it parses (the bench uses the same). */
export const NOTE_READ_AHEAD = 16;

/**
 * Yields `read(item)` for each item in order, keeping up to `window` reads in flight ahead
 * of the one being consumed. Reading notes one `await` after another left the disk idle
 * between them: on 1,000 notes the waits cost more than taking the parses from the cache.
 * A consumer that stops early leaves the reads in flight to settle unobserved (a failed
 * one is caught here, so it is never an unhandled rejection).
 *
 * ```ts
 * for await (const [uri, text] of readAhead(uris, (uri) => readNote(uri), 16)) index(uri, text);
 * ```
 */
export async function* readAhead<T, R>(items: readonly T[], read: (item: T) => Promise<R>, window: number): AsyncGenerator<[T, R]> {
  const inFlight = new Map<number, Promise<R>>();
  const start = (k: number): void => {
    if (k >= items.length) return;
    const pending = read(items[k]);
    pending.catch(() => undefined);
    inFlight.set(k, pending);
  };
  const ahead = Math.max(1, Math.floor(window));
  for (let k = 0; k < Math.min(ahead, items.length); k++) start(k);
  for (let k = 0; k < items.length; k++) {
    const result = await (inFlight.get(k) as Promise<R>);
    inFlight.delete(k);
    start(k + ahead);
    yield [items[k], result];
  }
}
