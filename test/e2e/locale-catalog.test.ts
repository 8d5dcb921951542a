/**
 * The built locale files key their texts by numbers of the release's message catalog (build/msg-ids.ts), and are loaded
 * by a name without a hash (`locales/<lang>.js`), so a cache or a folder hosted apart may hold one of another release.
 * The script refuses such a file: the customer sees English, never other messages' texts, and the page's console says
 * why. (test/e2e/languages.test.ts walks the whole journey with the release's own files.)
 */
import { describe, expect, it } from 'vitest';
import { shown, useE2E } from './support.js';

const e2e = useE2E();

describe("a locale file of another release's catalog", () => {
  it('is refused: the launcher and the box stay in English, with a warning naming the file', async () => {
    const customer = await e2e.customerAt('?lang=pl');
    const w = customer.widget;
    // The release's own file: Polish.
    await shown(w.getByRole('button', { name: /^Zdalna pomoc/ }));

    const warnings: string[] = [];
    customer.page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    let stamps = 0;
    // The same file with another catalog's stamp, as a file of another release would have (routing bypasses the cache).
    await customer.context.route('**/locales/pl.js', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/(["'`])[\w-]{8}\1(?=[,;]\s*export\s*\{[^}]*\bas catalog\b)/, () => {
        stamps++;
        return '`OtherRel`';
      });
      await route.fulfill({ response, body });
    });
    await customer.openHelpPage('?lang=pl');

    await w.getByRole('button', { name: /^Remote support/ }).click();
    await shown(w.getByRole('textbox', { name: 'Session code' }));
    expect(stamps).toBe(1);
    await expect.poll(() => warnings.join('\n')).toMatch(/could not load the language pl from .*\/locales\/pl\.js .*another build \(catalog OtherRel, expected [\w-]{8}\)/);
    await expect(w.getByRole('button', { name: /^Zdalna pomoc/ }).count()).resolves.toBe(0);
    e2e.expectNoErrors();
  });
});
