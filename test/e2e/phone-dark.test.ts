/**
 * Journey 4: a phone-sized viewport in dark mode. The box fills the screen, nothing in it is cut off or pushed out
 * sideways, the dark theme follows the system setting, and axe-core finds no violation (contrast included) in the
 * connected chat and on a consent prompt, on the real help page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chatBothWays, expectConnected } from './journeys.js';
import { shown, useE2E, type Customer } from './support.js';

const e2e = useE2E({ relayOptions: { promptTimeoutMs: 20_000 } });
const PHONE = { width: 375, height: 740 };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core's violations inside `selector` (Runtime.evaluate is not subject to the page's CSP). */
async function axeViolations(page: Page, selector: string, skip: string[] = []): Promise<Violation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(
    async ({ include, skip }) => {
      type Axe = { run: (context: object, options: object) => Promise<{ violations: Violation[] }> };
      const { axe } = window as unknown as { axe: Axe };
      const rules = Object.fromEntries(skip.map((id) => [id, { enabled: false }]));
      const result = await axe.run({ include: [[include]] }, { resultTypes: ['violations'], rules });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    },
    { include: selector, skip },
  );
}

/** Visible elements in the widget (through every shadow root) that stick out of the viewport sideways. */
function outsideViewport(customer: Customer): Promise<string[]> {
  return customer.widget.evaluate((host) => {
    const out: string[] = [];
    const visit = (root: ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && (r.left < -0.5 || r.right > innerWidth + 0.5)) {
          out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.getAttribute('class') ?? ''} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    if (host.shadowRoot) visit(host.shadowRoot);
    return out;
  });
}

describe('phone and dark mode', () => {
  it('is full-screen on a 375×740 phone, dark with the system, and passes axe while chatting', async () => {
    const technician = await e2e.technician({ colorScheme: 'dark' });
    const customer = await e2e.customer({ viewport: PHONE, colorScheme: 'dark', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await customer.screenshot('phone-01-launcher');

    const { code } = await technician.createSession();
    await customer.openWidget();
    const box = await customer.panel.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, ...PHONE });
    await customer.screenshot('phone-02-code');
    await customer.enterCode(code);
    await expectConnected(customer, technician);
    await chatBothWays(customer, technician, 'phone');
    await customer.send('A longer message, to see how it wraps on a small screen: the printer shows error E-0421 after warming up.');
    await technician.send('Thanks. Could you let me see your screen for a moment?');
    await shown(customer.chatLog.getByText('Thanks. Could you let me see your screen for a moment?'));

    // Dark theme from the system setting.
    const colours = await customer.panel.evaluate((panel) => {
      const style = getComputedStyle(panel);
      return { background: style.backgroundColor, text: style.color };
    });
    expect(colours).toEqual({ background: 'rgb(31, 31, 31)', text: 'rgb(227, 227, 227)' });
    expect(await customer.panel.boundingBox()).toEqual({ x: 0, y: 0, ...PHONE });
    expect(await outsideViewport(customer)).toEqual([]);
    await customer.screenshot('phone-03-chat');
    await technician.screenshot('phone-03-chat', true);
    expect(await axeViolations(customer.page, 'remote-support-widget')).toEqual([]);
    expect(await axeViolations(technician.page, 'remote-support-console')).toEqual([]);

    // A consent prompt on the phone, then the grant with its indicator.
    await technician.request('Screen viewing');
    await customer.waitPrompt(/asks to see your screen\.$/);
    expect(await outsideViewport(customer)).toEqual([]);
    await customer.screenshot('phone-04-prompt');
    expect(await axeViolations(customer.page, 'remote-support-widget')).toEqual([]);
    await customer.answer(true);
    await shown(customer.indicator.getByText('Your screen is being viewed'));
    expect(await outsideViewport(customer)).toEqual([]);
    await customer.screenshot('phone-05-grant');
    expect(await axeViolations(customer.page, 'remote-support-widget')).toEqual([]);

    await customer.disconnect();
    await customer.waitEnded();
    expect(await outsideViewport(customer)).toEqual([]);
    await customer.screenshot('phone-06-ended');

    e2e.expectNoErrors();
  });
});
