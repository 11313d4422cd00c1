/**
 * A fraction as a percent, `0.744` → `74%` (or `74.4%` with one decimal): the one way every
 * view, the status bar and the CLI write it, with no space, as VS Code's own UI does.
 */
export function formatPercent(fraction: number, decimals: 0 | 1 = 0): string {
  const scale = decimals === 1 ? 10 : 1;
  return `${Math.round(fraction * 100 * scale) / scale}%`;
}
