/**
 * File sizes in words, apart from ui/format.ts: only the file panels use them (the console's, and the widget's
 * functions' views, a chunk the customer's path never loads), so the widget's box does not carry them.
 */
import { formatNumber } from './format.js';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size in the locale's words (1024-based, one decimal at most), e.g. "25 MB", "1.5 kB", "300 bytes". */
export function formatBytes(bytes: number, locale?: string): string {
  let i = 0;
  while (i < UNITS.length - 1 && bytes >= 1024 ** (i + 1)) i++;
  const options = { style: 'unit', unit: UNITS[i], unitDisplay: i ? 'short' : 'long', maximumFractionDigits: i ? 1 : 0 } as const;
  return formatNumber(bytes / 1024 ** i, locale, options);
}
