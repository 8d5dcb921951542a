/**
 * The widget's and the console's styles lay out with logical properties (inline start/end, block start/end), so that
 * they mirror by themselves in right-to-left languages: no left/right property, no text-align left/right, no
 * four-value margin or padding with different left and right sides. (Symmetric shorthands are direction-neutral.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const FILES = ['src/widget', 'src/console', 'src/ui'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.styles.ts'))
    .map((f) => `${dir}/${f}`),
);

/** Physical (left/right) layout in a piece of CSS, one description per finding. */
export function physicalLayout(css: string): string[] {
  const found: string[] = [];
  const rules: [RegExp, string][] = [
    [/(?:^|[\s;{])(?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)(?:-\w+)?\s*:/g, 'a left/right side property'],
    [/(?:^|[\s;{])(?:left|right)\s*:/g, 'left/right positioning (use inset-inline-start/end)'],
    [/text-align\s*:\s*(?:left|right)\b/g, 'text-align left/right (use start/end)'],
    [/float\s*:\s*(?:left|right)\b/g, 'float left/right (use inline-start/end)'],
    [/border-(?:top|bottom)-(?:left|right)-radius/g, 'a physical corner radius'],
  ];
  for (const [re, what] of rules) for (const m of css.matchAll(re)) found.push(`${what}: ${m[0].trim()}`);
  for (const m of css.matchAll(/(?:^|[\s;{])(margin|padding|inset)\s*:\s*([^;}]+)/g)) {
    const values = m[2]!.trim().split(/\s+/);
    if (values.length === 4 && values[1] !== values[3]) found.push(`a four-value ${m[1]} with different left and right: ${m[2]!.trim()}`);
  }
  return found;
}

describe('logical CSS', () => {
  it('finds physical layout when there is some', () => {
    expect(physicalLayout(':host { right: 0; padding: 1px 2px 3px 4px; margin-left: 1px; text-align: left }')).toHaveLength(4);
    expect(physicalLayout(':host { inset-inline-end: 0; padding: 1px 2px; margin-inline-start: 1px; text-align: start }')).toEqual([]);
  });

  it.each(FILES)('%s has none', (file) => {
    expect(physicalLayout(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });
});
