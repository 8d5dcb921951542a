/** The figures every benchmark prints: medians, percentiles, "median (min–max)", and a pause. */

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The `p`th percentile of `sorted` (ascending), nearest rank. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** `x` with `digits` decimals, or a dash when it is not a number. */
export const fmt = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** "median (min–max)" of `xs`, with `digits` decimals. */
export const spread = (xs, digits) => `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
