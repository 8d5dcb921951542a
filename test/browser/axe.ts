/**
 * axe-core with the WCAG 2.2 A/AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa — target size included,
 * which axe runs only when asked) and its best practices, in every mode an element can be in: light and dark theme,
 * left to right and right to left (Arabic).
 */
import type * as Axe from 'axe-core';
import 'axe-core/axe.min.js';
import { assert } from './chai.js';

export const WCAG22_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const axe = (window as unknown as { axe: typeof Axe }).axe;

/** The WCAG 2.2 A/AA and best-practice violations inside `el`, one line per element. */
export async function axeViolations(el: Element): Promise<string[]> {
  const result = await axe.run(el, { runOnly: { type: 'tag', values: [...WCAG22_TAGS, 'best-practice'] }, resultTypes: ['violations'] });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? ''}): ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`));
}

export async function assertAxeClean(el: Element, what: string): Promise<void> {
  assert.deepEqual(await axeViolations(el), [], `axe-core (WCAG 2.2 AA) in ${what}`);
}

interface Themed extends HTMLElement {
  updateComplete: Promise<boolean>;
}

/**
 * axe-core finds nothing in `el` in the light and the dark theme (its `theme` attribute), each left to right and right
 * to left (`lang="ar"`); `theme` and `lang` are put back afterwards. `settle` waits for `el` and its parts to render.
 */
export async function accessibleInEveryMode(el: Themed, settle: () => Promise<void>, bgProperty: string): Promise<void> {
  const before = { theme: el.getAttribute('theme'), lang: el.getAttribute('lang') };
  const restore = (name: 'theme' | 'lang') => (before[name] === null ? el.removeAttribute(name) : el.setAttribute(name, before[name]));
  try {
    for (const dir of ['ltr', 'rtl'] as const) {
      if (dir === 'rtl') el.setAttribute('lang', 'ar');
      for (const theme of ['light', 'dark']) {
        el.setAttribute('theme', theme);
        await settle();
        assert.strictEqual(el.dir, dir);
        assert.strictEqual(getComputedStyle(el).getPropertyValue(bgProperty).trim(), theme === 'dark' ? '#1f1f1f' : '#ffffff');
        await assertAxeClean(el, `the ${theme} theme, ${dir}`);
      }
    }
  } finally {
    restore('theme');
    restore('lang');
    await settle();
  }
}
