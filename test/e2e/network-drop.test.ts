/**
 * Journey 3: the customer's network drops mid-chat (the browser goes offline), they keep writing, the technician
 * writes too, and the network comes back. The same session goes on; both chat logs have every message exactly once,
 * in the order written. Twice, so that a second resume does not replay the first one's messages.
 */
import { describe, expect, it } from 'vitest';
import { chatBothWays, expectConnected, stepper } from './journeys.js';
import { shown, until, useE2E } from './support.js';

const e2e = useE2E();

/** socket.io's default heartbeat (pingInterval + pingTimeout), with a margin. */
const HEARTBEAT_MS = 50_000;

describe('network drop', () => {
  it('loses nothing and doubles nothing when the customer goes offline and comes back', async () => {
    const technician = await e2e.technician();
    const customer = await e2e.customer();
    const shot = stepper(e2e, 'offline', customer, technician);
    // While offline, Chromium reports the refused reconnection attempts on the console. Expected; nothing else is.
    e2e.allowErrors(/net::ERR_INTERNET_DISCONNECTED/, 'socket.io reconnection attempts while the browser is offline');

    const { code } = await technician.createSession();
    await customer.openWidget();
    await customer.enterCode(code);
    await expectConnected(customer, technician);
    await chatBothWays(customer, technician, 'before');
    const { sessionId } = await technician.consoleState();

    const expected = [...(await customer.messages())];
    for (const round of [1, 2]) {
      await customer.context.setOffline(true);
      await until(() => customer.status.innerText(), /^Connection lost\. Reconnecting…$/);
      await shown(customer.widget.getByText('Connection lost. Reconnecting… Your messages will be sent when the connection is back.'));

      // The customer goes on writing; the messages wait, in order.
      const written = [`offline ${round}.1`, `offline ${round}.2 — still there?`, `offline ${round}.3`];
      for (const text of written) await customer.send(text);
      await until(() => customer.chatLog.locator('.msg.customer.queued .text').allInnerTexts(), written);
      await until(() => customer.chatLog.locator('.msg.customer.queued .status').allInnerTexts(), written.map(() => 'Waiting for the connection'));

      // The technician sees the drop and writes meanwhile. The relay learns of it when the browser closes the
      // WebSocket, or, when the offline browser still had a long-poll in flight (the transport not upgraded yet after
      // the last reconnection), by socket.io's heartbeat: up to pingInterval + pingTimeout (25 s + 20 s).
      await shown(technician.sessionPanel.getByText("The customer's connection is lost."), HEARTBEAT_MS);
      const fromTechnician = `while you were away ${round}`;
      await technician.send(fromTechnician);
      await until(() => technician.messages(), [...expected, fromTechnician]);
      if (round === 1) await shot('offline');

      await customer.context.setOffline(false);
      await customer.waitConnected();
      await customer.waitSystemLine('Connection restored.', round);
      await technician.waitCustomerConnected();

      // The technician's message (missed while offline) comes first: the relay had it before the customer's queue.
      expected.push(fromTechnician, ...written);
      await until(() => technician.messages(), expected);
      await until(() => customer.messages(), expected);
      const statuses = () => customer.chatLog.locator('.msg.customer .status').allInnerTexts();
      await until(async () => (await statuses()).every((status) => status === 'Sent'), true);
      if (round === 1) await shot('back');
    }

    // Late duplicates would show up by now.
    await customer.page.waitForTimeout(1000);
    expect(await customer.messages()).toEqual(expected);
    expect(await technician.messages()).toEqual(expected);
    expect(new Set(expected).size).toBe(expected.length);

    // The same session, still going, on both sides.
    expect(await technician.consoleState()).toMatchObject({ sessionId, sessionState: 'active' });
    await shown(customer.widget.locator('header .who', { hasText: 'Alex Demo · Demo Support' }));
    await customer.send('all good again');
    await technician.send('great');
    await until(() => technician.messages(), [...expected, 'all good again', 'great']);
    await until(() => customer.messages(), [...expected, 'all good again', 'great']);

    e2e.expectNoErrors();
  }, 180_000);
});
