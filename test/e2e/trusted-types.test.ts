/**
 * Trusted Types: the widget and the console on pages that enforce `require-trusted-types-for 'script'` (the demo's own
 * strict Content-Security-Policy plus the directives the README tells vendors to add), including a page that made its
 * own `lit-html` policy before our script ran, as any site built with Lit does. The script-tag bundles carry their own
 * copy of lit and name its policy after themselves (build/trusted-types.ts, ownTrustedTypesPolicy), so both render, connect and
 * chat, and Polish loads, with no Trusted Types violation reported by the browser.
 */
import { describe, expect, it } from 'vitest';
import { TRUSTED_TYPES_POLICY } from '../../vite.config.js';
import { chatBothWays, expectConnected } from './journeys.js';
import { shown, useE2E } from './support.js';

/** The directives the README tells a vendor to add to enforce Trusted Types with the widget and the console. */
const TRUSTED_TYPES = [
  "require-trusted-types-for 'script'",
  `trusted-types lit-html ${TRUSTED_TYPES_POLICY.widget} ${TRUSTED_TYPES_POLICY.console}`,
];
const e2e = useE2E({ extraCsp: TRUSTED_TYPES });

type WithTrustedTypes = { trustedTypes: { createPolicy: (name: string, rules: object) => unknown }; pageLitPolicy?: unknown };

/** What a site built with Lit does before our script runs: its lit makes the `lit-html` policy. */
function pageMakesItsOwnLitPolicy(): void {
  const w = window as unknown as WithTrustedTypes;
  w.pageLitPolicy = w.trustedTypes.createPolicy('lit-html', { createHTML: (s: string) => s });
}

describe('Trusted Types', () => {
  for (const pagePolicy of [false, true]) {
    it(`works under require-trusted-types-for 'script'${pagePolicy ? ', on a page that made its own lit-html policy' : ''}`, async () => {
      const technician = await e2e.technician();
      const customer = await e2e.customer();
      if (pagePolicy) {
        await customer.context.addInitScript(pageMakesItsOwnLitPolicy);
        await customer.openHelpPage();
        const made = await customer.page.evaluate(() => String((window as unknown as WithTrustedTypes).pageLitPolicy));
        expect(made).toBe('[object TrustedTypePolicy]');
      }

      const { code } = await technician.createSession();
      await customer.openWidget();
      await customer.enterCode(code);
      await expectConnected(customer, technician);
      await chatBothWays(customer, technician, pagePolicy ? 'trusted types, page policy' : 'trusted types');
      e2e.expectNoErrors();
    });
  }

  it('loads another language under Trusted Types', async () => {
    const customer = await e2e.customer();
    await customer.context.addInitScript(pageMakesItsOwnLitPolicy);
    await customer.openHelpPage('?lang=pl');
    await shown(customer.widget.getByRole('button', { name: /^Zdalna pomoc/ }));
    e2e.expectNoErrors();
  });
});
