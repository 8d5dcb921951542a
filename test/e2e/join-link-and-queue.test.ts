/**
 * Journey 2: the same journey through the two other ways in.
 *  - The join link (`?rsw-code=`): the box opens with the code filled in; the customer still accepts the terms and
 *    clicks Connect.
 *  - The support queue: the customer asks for help with their name and what they need; the console shows them in the
 *    queue; the technician picks them. This time the technician ends the session.
 */
import { describe, expect, it } from 'vitest';
import { expectCodeBurnt, expectConnected, expectNoRejoin, runSession, stepper } from './journeys.js';
import { shown, until, useE2E } from './support.js';

const e2e = useE2E({ relayOptions: { promptTimeoutMs: 4000 } });

describe('journey through the join link', () => {
  it('pre-fills the code from the link, and connects only when the customer clicks Connect', async () => {
    const technician = await e2e.technician();
    const { code, joinUrl } = await technician.createSession();
    expect(joinUrl).toBe(`${e2e.demo.url}/?rsw-code=${code}`);

    // The customer follows the link the technician sent.
    const customer = await e2e.customerAt(new URL(joinUrl).search);
    const shot = stepper(e2e, 'link', customer, technician);
    await shown(customer.panel);
    expect(await customer.codeField.inputValue()).toBe(code);
    expect(await customer.status.innerText()).toBe('Not connected');
    await shot('prefilled');

    // Nothing happens by itself: the terms still need accepting, and Connect clicking.
    await customer.page.waitForTimeout(500);
    expect(await customer.status.innerText()).toBe('Not connected');
    expect(await customer.connectButton.isDisabled()).toBe(true);
    await customer.terms.check();
    await customer.connectButton.click();

    await expectConnected(customer, technician);
    await shot('connected');

    const sessionId = await runSession(customer, technician, { shot, endBy: 'customer', tag: 'link' });
    await expectNoRejoin(e2e, technician, sessionId);
    await expectCodeBurnt(e2e, code);

    e2e.expectNoErrors();
  });
});

describe('journey through the support queue', () => {
  it('puts the customer in the queue, the technician picks them, and the technician ends the session', async () => {
    const technician = await e2e.technician();
    const customer = await e2e.customer();
    const shot = stepper(e2e, 'queue', customer, technician);
    await shown(technician.queue.getByText('Nobody is waiting.'));

    await customer.openWidget();
    await customer.widget.getByRole('button', { name: 'Ask for help', exact: true }).click();
    const name = customer.widget.getByRole('textbox', { name: 'Your name' });
    await shown(name);
    await name.pressSequentially('Dana Customer');
    await customer.widget.getByRole('textbox', { name: 'What do you need help with?' }).pressSequentially('The printer prints blank pages.');
    await customer.terms.check();
    await shot('ask');
    await customer.widget.getByRole('button', { name: 'Ask for help', exact: true }).click();

    await shown(customer.widget.getByText('Waiting for a technician to connect…'));
    await shown(customer.widget.getByText('Your place in the queue: 1.'));
    expect(await customer.status.innerText()).toBe('Waiting for a technician');

    // The console shows who is waiting and what they need.
    const entry = technician.queue.getByRole('listitem').filter({ hasText: 'Dana Customer' });
    await shown(entry);
    expect(await entry.innerText()).toMatch(/Place in the queue: 1 · waiting less than a minute[\s\S]*The printer prints blank pages\./);
    await until(() => technician.queue.getByRole('heading').innerText(), /Support queue\s*\(1\)/);
    await shot('waiting');

    await entry.getByRole('button', { name: 'Pick Dana Customer' }).click();
    await expectConnected(customer, technician, 'Dana Customer');
    await shown(technician.sessionPanel.getByText('The printer prints blank pages.'));
    await shot('connected');

    const sessionId = await runSession(customer, technician, { shot, endBy: 'technician', tag: 'queue' });
    await expectNoRejoin(e2e, technician, sessionId);

    // The technician's console is back in the lobby with an empty queue.
    await shown(technician.queue.getByText('Nobody is waiting.'));

    e2e.expectNoErrors();
  });
});
