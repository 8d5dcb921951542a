/**
 * Proves the browser test set-up end to end: Chromium, the real relay from the wtr plugin, socket.io-client in the
 * page, the technician helper, the relay commands and the axe check later component tests rely on.
 */
import { fixture, html } from '@open-wc/testing';
import type { ChatMessage, JoinResult } from '../../src/protocol/events.js';
import { assert, expect } from './chai.js';
import { describe, it } from './mocha.js';
import {
  RelayCallError,
  TechnicianClient,
  call,
  connectCustomer,
  connected,
  dropConnections,
  nextEvent,
  ok,
  pageOrigin,
  relayUrl,
  startRelay,
  unreachableRelayUrl,
} from './support.js';

describe('relay smoke test (Chromium ↔ real relay)', () => {
  it('serves the shared relay to the page', () => {
    assert.match(relayUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.strictEqual(pageOrigin, location.origin);
  });

  it('pairs a customer with a technician by code and relays chat both ways', async () => {
    const tech = await TechnicianClient.connect();
    const { code, joinUrl } = await tech.createSession();
    assert.match(code, /^\d{6}$/);
    assert.include(joinUrl, `rsw-code=${code}`);

    const customer = connectCustomer();
    const joined = await ok<JoinResult>(customer, 'session:join', { code });
    assert.deepEqual(joined.session.technician, { name: 'Alex Demo', org: 'Demo Support' });
    await tech.waitForCustomer();

    const toCustomer = nextEvent<ChatMessage>(customer, 'chat:message');
    await tech.send('Hello from the technician');
    assert.include(await toCustomer, { text: 'Hello from the technician', from: 'technician', seq: 1 });

    await ok(customer, 'chat:send', { clientId: 'c-1', text: 'Hello from the customer' });
    const received = await tech.waitForMessage('Hello from the customer');
    assert.include(received, { from: 'customer', seq: 2 });
  });

  it('refuses a wrong code with invalid-code', async () => {
    const tech = await TechnicianClient.connect();
    const { code } = await tech.createSession();
    const wrong = code === '000000' ? '000001' : '000000';
    const res = await call(connectCustomer(), 'session:join', { code: wrong });
    assert.deepInclude(res, { ok: false, error: { code: 'invalid-code', message: 'No session has this code.' } });
  });

  it('starts relays with their own options and technician identities', async () => {
    const relay = await startRelay({ functions: ['system-info'] });
    assert.notStrictEqual(relay.url, relayUrl);
    const tech = await TechnicianClient.connect({ relay, identity: { name: 'Maria Test', org: 'Example Ltd' } });
    await tech.createSession();
    const joined = await ok<JoinResult>(connectCustomer(relay), 'session:join', { code: tech.code });
    assert.deepEqual(joined.session.technician, { name: 'Maria Test', org: 'Example Ltd' });
    const err = await tech.request('desktop-view').catch((e: unknown) => e);
    assert.instanceOf(err, RelayCallError);
    assert.strictEqual(err.code, 'function-unavailable');
  });

  it('checks the page origin on the customer handshake', async () => {
    const relay = await startRelay({ allowedOrigins: ['https://help.example.com'] });
    // The namespace handshake is refused with a reason. (Over HTTP long-polling, socket.io-client's first transport,
    // the browser's CORS check fails first and the client only sees "xhr poll error".)
    const outcome = await connected(connectCustomer(relay, { transports: ['websocket'] })).then(
      () => 'connected',
      (err: Error) => err.message,
    );
    assert.strictEqual(outcome, 'forbidden-origin');
  });

  it('gives an unreachable URL for "server unreachable" tests', async () => {
    const url = await unreachableRelayUrl();
    const outcome = await connected(connectCustomer({ id: undefined, url, devToken: '' }), 3_000).then(
      () => 'connected',
      (err: Error) => err.message,
    );
    assert.notStrictEqual(outcome, 'connected');
  });
});

describe('technician helper', () => {
  it('drives a consent request and sees the grant the relay confirmed', async () => {
    const tech = await TechnicianClient.connect();
    const { code } = await tech.createSession();
    const customer = connectCustomer();
    await ok(customer, 'session:join', { code });
    const shown = nextEvent<{ prompt: { id: string; fn: string } | null }>(customer, 'consent:prompt', (p) => p.prompt !== null);
    const prompt = await tech.request('system-info');
    assert.strictEqual((await shown).prompt?.id, prompt.id);
    const refused = await tech.use('sysinfo:request');
    assert.strictEqual(refused.ok ? 'ok' : refused.error.code, 'not-granted');
    await ok(customer, 'consent:decide', { promptId: prompt.id, allow: true });
    await tech.waitForGrant('system-info');
    assert.deepEqual(await tech.use('sysinfo:request'), { ok: true });
    assert.includeMembers(
      (await tech.auditLog()).map((e) => e.type),
      ['session-created', 'customer-joined', 'consent-requested', 'consent-changed', 'use-refused', 'function-used'],
    );
  });

  it('simulates a network drop the customer reconnects from', async () => {
    const relay = await startRelay();
    const customer = connectCustomer(relay, { reconnection: true, reconnectionDelay: 50 });
    await connected(customer);
    const reason = new Promise<string>((resolve) => customer.once('disconnect', resolve));
    assert.strictEqual(await dropConnections(relay), 1);
    assert.strictEqual(await reason, 'transport close');
    await connected(customer);
  });
});

describe('accessibility check (axe-core via chai-a11y-axe)', () => {
  it('passes an accessible fixture', async () => {
    const el = await fixture(html`<button type="button">Go</button>`);
    await expect(el).to.be.accessible();
  });

  it('fails an inaccessible fixture, so a pass means something', async () => {
    const el = await fixture(html`<button type="button"></button>`);
    await expect(el).not.to.be.accessible();
  });
});
