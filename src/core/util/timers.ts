/** Timers (`setTimeout`'s shape), so that the core's delays run on a manual clock in tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
