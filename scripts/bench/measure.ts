// Timing helpers: warm-up, several runs, medians with min–max, baselines measured side by side.
import { performance } from 'node:perf_hooks';

/** Median, min and max of a set of samples. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Milliseconds taken by one call of `fn`. */
export function timeOnce(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * Times `subject` against `baseline`, interleaved (baseline, subject, baseline, …) so that
 * the machine's noise hits both alike. The ratio is subject / baseline per pair; its
 * median and min–max are reported.
 */
export function paired(
  baseline: () => unknown,
  subject: () => unknown,
  options: { warmup: number; runs: number },
): { baseline: Stats; subject: Stats; ratio: Stats } {
  for (let i = 0; i < options.warmup; i++) {
    baseline();
    subject();
  }
  const b: number[] = [];
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    // Alternate which goes first, so neither always runs on a freshly collected heap.
    let tb: number;
    let ts: number;
    if (i % 2 === 0) {
      tb = timeOnce(baseline);
      ts = timeOnce(subject);
    } else {
      ts = timeOnce(subject);
      tb = timeOnce(baseline);
    }
    b.push(tb);
    s.push(ts);
    r.push(ts / tb);
  }
  return { baseline: stats(b), subject: stats(s), ratio: stats(r) };
}

/** Times `fn` alone: warm-up calls, then `runs` timed calls. */
export function repeat(fn: () => unknown, options: { warmup: number; runs: number }): Stats {
  for (let i = 0; i < options.warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) samples.push(timeOnce(fn));
  return stats(samples);
}
