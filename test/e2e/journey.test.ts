/**
 * Journey 1, the whole of it with a code: the technician creates a session on the console, the customer opens the
 * help page and the widget, accepts the terms and enters the code; chat both ways; desktop view allowed, then Stop
 * sharing; reboot denied; a request left unanswered expires; the customer disconnects (confirming); both see the
 * end; the technician cannot rejoin and the code no longer works; closing the box leaves nothing in storage.
 */
import { describe, expect, it } from 'vitest';
import { expectCodeBurnt, expectConnected, expectNoRejoin, runSession, stepper } from './journeys.js';
import { shown, useE2E } from './support.js';

const e2e = useE2E({ relayOptions: { promptTimeoutMs: 4000 } });

describe('journey with a code', () => {
  it('goes from the code to the end, with consent asked for everything, and the session cannot be reused', async () => {
    const technician = await e2e.technician();
    const customer = await e2e.customer();
    const shot = stepper(e2e, 'journey', customer, technician);
    await shot('start');

    const { code } = await technician.createSession();
    await shown(technician.sessionPanel.getByText(/The code is valid for/));
    await shot('code');

    await customer.openWidget();
    // Before connecting: the anti-scam notice names the vendor; Connect waits for the code and the terms.
    await shown(customer.widget.getByText('Only continue if you contacted Northwind Printers yourself.'));
    expect(await customer.codeField.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await customer.connectButton.isDisabled()).toBe(true);
    await shot('code-screen');
    await customer.enterCode(code);

    await expectConnected(customer, technician);
    await shot('connected');

    const sessionId = await runSession(customer, technician, { shot, endBy: 'customer', tag: 'code' });

    await expectNoRejoin(e2e, technician, sessionId);
    await shot('no-rejoin');

    const latecomer = await expectCodeBurnt(e2e, code);
    await latecomer.screenshot('journey-99-code-burnt');

    // Closing the box after the end clears the session from the page's storage.
    await customer.widget.locator('.body').getByRole('button', { name: 'Close', exact: true }).click();
    await shown(customer.launcher);
    const traces = await customer.page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
      databases: (await indexedDB.databases()).length,
    }));
    expect(traces).toEqual({ local: 0, session: 0, cookies: '', databases: 0 });

    e2e.expectNoErrors();
  });
});
