/**
 * The part of the journey every way in shares, once customer and technician are connected: chat both ways, a grant
 * and Stop sharing, a denial, an unanswered request that expires, the end (by either side), and what both then see.
 * Needs a demo whose prompts expire quickly (`relayOptions.promptTimeoutMs` ≈ 4 s).
 */
import { expect } from 'vitest';
import { gone, shown, until, type Customer, type E2E, type Technician } from './support.js';

/** Numbered screenshots of both sides: `<journey>-<nn>-<step>-<who>.png`. */
export function stepper(e2e: E2E, journey: string, customer: Customer, technician: Technician): (step: string) => Promise<void> {
  let n = 0;
  return (step) => e2e.screenshots(`${journey}-${String(++n).padStart(2, '0')}-${step}`, customer, technician);
}

/** Both sides see the session connected: technician identity on the customer's side, presence on the console. */
export async function expectConnected(customer: Customer, technician: Technician, customerName?: string): Promise<void> {
  await customer.waitConnected();
  await shown(customer.widget.locator('header .who', { hasText: 'Alex Demo · Demo Support' }));
  await customer.waitSystemLine('Alex Demo joined the session.');
  await technician.waitCustomerConnected();
  await shown(technician.sessionPanel.getByRole('heading', { name: customerName ? `Session with \u2068${customerName}\u2069` : 'Session in progress' }));
}

/** A message each way; both chat logs end with both, once each, confirmed by the relay. */
export async function chatBothWays(customer: Customer, technician: Technician, tag: string): Promise<void> {
  const fromCustomer = `Hello, my printer says "paper jam" (${tag})`;
  const fromTechnician = `Hi! Let's have a look together (${tag})`;
  await customer.send(fromCustomer);
  await until(() => technician.messages(), [fromCustomer]);
  await technician.send(fromTechnician);
  await until(() => customer.messages(), [fromCustomer, fromTechnician]);
  await until(() => technician.messages(), [fromCustomer, fromTechnician]);
  // Sending state per message: the relay acknowledged both.
  await until(() => customer.chatLog.locator('.msg.customer .status').allInnerTexts(), ['Sent']);
  await until(() => technician.chatLog.locator('.msg.mine .status').allInnerTexts(), ['Sent']);
}

export interface SessionOptions {
  /** Screenshot step function from `stepper`. */
  shot: (step: string) => Promise<void>;
  /** Who ends the session. */
  endBy: 'customer' | 'technician';
  /** Tag in the chat messages. */
  tag: string;
}

/**
 * From connected to the end: chat, desktop view allowed then Stop sharing, reboot denied, system information left
 * unanswered until it expires, the end. Returns the session id (from the console's state).
 */
export async function runSession(customer: Customer, technician: Technician, { shot, endBy, tag }: SessionOptions): Promise<string> {
  const { sessionId } = await technician.consoleState();
  expect(sessionId).toBeTruthy();

  await chatBothWays(customer, technician, tag);
  await shot('chat');

  // The technician asks to see the screen; the customer is asked, with who asks and what it means.
  await technician.request('Screen viewing');
  await until(() => technician.functionStatus('Screen viewing'), /Waiting for the customer's answer/);
  await customer.waitPrompt(/^Alex Demo \(Demo Support\) asks to see your screen\.$/);
  expect(await customer.prompt.innerText()).toMatch(/Answer within .+ No answer means no\./);
  await shot('prompt');
  await customer.answer(true);

  // Both see the grant, as the relay confirmed it.
  await until(() => technician.functionStatus('Screen viewing'), /^Granted$/);
  await customer.waitSystemLine('You allowed: Screen viewing.');
  await shown(customer.indicator.getByText('Your screen is being viewed'));
  await shown(customer.grants.getByRole('button', { name: 'Stop: Screen viewing' }));
  await shot('grant');

  // Stop sharing: the grant ends on both sides, the chat goes on.
  await customer.grants.getByRole('button', { name: 'Stop sharing', exact: true }).click();
  await until(() => technician.functionStatus('Screen viewing'), /^Revoked$/);
  await shown(technician.notice.getByText('The customer stopped sharing. Revoked: Screen viewing.'));
  await customer.waitSystemLine('Stopped: Screen viewing.');
  await gone(customer.indicator);
  await gone(customer.grants.getByRole('button', { name: 'Stop: Screen viewing' }));
  await shot('stopped-sharing');

  // Reboot: denied.
  await technician.request('Restart and reconnect');
  await customer.waitPrompt(/asks to restart your computer and reconnect afterwards\.$/);
  await customer.answer(false);
  await until(() => technician.functionStatus('Restart and reconnect'), /^Denied$/);
  await customer.waitSystemLine('You did not allow: Restart and reconnect.');
  expect(await technician.console.getByRole('button', { name: "Restart the customer's computer" }).isDisabled()).toBe(true);
  await shot('denied');

  // System information: left unanswered, it expires and counts as denied.
  await technician.request('System information');
  await customer.waitPrompt(/asks to see information about your system\.$/);
  await until(() => technician.functionStatus('System information'), /left\)$/);
  await shot('unanswered');
  await gone(customer.prompt);
  await until(() => technician.functionStatus('System information'), /^Expired: the customer did not answer$/);
  await customer.waitSystemLine('No answer, so not allowed: System information.');
  await shot('expired');

  // The end.
  if (endBy === 'customer') {
    await customer.disconnect();
  } else {
    await technician.sessionPanel.getByRole('button', { name: 'End session' }).click();
    await technician.sessionPanel.getByRole('button', { name: 'Yes, end it' }).click();
  }
  const endedText = await customer.waitEnded();
  expect(endedText).toBe(endBy === 'customer' ? 'You ended the session.' : 'The technician ended the session.');
  await shown(technician.sessionPanel.getByRole('heading', { name: 'Session ended' }));
  await shown(
    technician.sessionPanel.getByText(endBy === 'customer' ? 'The customer ended the session.' : 'You ended the session.'),
  );
  expect(await technician.composer.isDisabled()).toBe(true);
  await shot('ended');

  // Everything above is in the audit log, in order, as the relay recorded it.
  const audit = await technician.auditLines();
  const expected = [
    'You asked for: Screen viewing.',
    'The customer allowed: Screen viewing.',
    'The customer stopped sharing: Screen viewing.',
    'You asked for: Restart and reconnect.',
    'The customer denied: Restart and reconnect.',
    'You asked for: System information.',
    'No answer in time, so not allowed: System information.',
    endBy === 'customer' ? 'The customer ended the session.' : 'You ended the session.',
  ];
  expect(audit.filter((line) => expected.includes(line))).toEqual(expected);

  // Nothing was lost or doubled in the chat on either side.
  expect(await customer.messages()).toHaveLength(2);
  expect(await technician.messages()).toHaveLength(2);
  return sessionId!;
}

/**
 * After the end: the technician cannot get back into the session, neither through the console (a reload that still
 * remembered the session) nor with a socket of their own.
 */
export async function expectNoRejoin(e2e: E2E, technician: Technician, sessionId: string): Promise<void> {
  const attach = await e2e.attachDirectly(sessionId);
  expect(attach).toMatchObject({ ok: false, error: { code: 'session-ended' } });

  // Even a console that still had the session in its storage cannot re-attach after a reload.
  await technician.page.evaluate((id) => {
    sessionStorage.setItem('remote-support-console:session', JSON.stringify({ sessionId: id }));
  }, sessionId);
  await technician.page.reload();
  await technician.waitSignedIn();
  await shown(technician.notice.getByText('The session has ended.'));
  await shown(technician.console.getByRole('heading', { name: 'New session' }));
  expect(await technician.consoleState()).toMatchObject({ connection: 'connected', sessionId: undefined });
  expect(await technician.page.evaluate(() => sessionStorage.getItem('remote-support-console:session'))).toBeNull();
}

/** A new customer who enters the burnt code gets the error screen, not a session. */
export async function expectCodeBurnt(e2e: E2E, code: string): Promise<Customer> {
  const latecomer = await e2e.customer({}, 'latecomer');
  await latecomer.openWidget();
  await latecomer.enterCode(code);
  await until(() => latecomer.error.innerText(), /already been used|not valid/);
  expect(await latecomer.status.innerText()).toBe('Not connected');
  expect(await latecomer.codeField.getAttribute('aria-invalid')).toBe('true');
  return latecomer;
}

/** A technician and a customer connected with a code, the start every function journey shares. */
export async function connectWithCode(e2e: E2E): Promise<{ customer: Customer; technician: Technician }> {
  const technician = await e2e.technician();
  const customer = await e2e.customer();
  const { code } = await technician.createSession();
  await customer.openWidget();
  await customer.enterCode(code);
  await expectConnected(customer, technician);
  return { customer, technician };
}

/** The technician asks for `fn` (its name, e.g. "File transfer"), the customer allows it, both see it granted. */
/** `fn` as the console names it; `customerName`: as the widget names it, when that differs (remote control as pointing). */
export async function allow(customer: Customer, technician: Technician, fn: string, question: RegExp, customerName = fn): Promise<void> {
  await technician.request(fn);
  await customer.waitPrompt(question);
  await customer.answer(true);
  await until(() => technician.functionStatus(fn), /^Granted$/);
  await customer.waitSystemLine(`You allowed: ${customerName}.`);
}
