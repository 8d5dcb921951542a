/**
 * A network on which WebSockets cannot be opened (a proxy that refuses the upgrade): here the relay's engine takes
 * long-polling only, so it answers the WebSocket's upgrade request with HTTP 400 (and offers no upgrade). The widget
 * opens a WebSocket first and loads long-polling (a chunk of its own in the script-tag build) only once that failed;
 * then the session goes on over long-polling: chat both ways, a dropped network, the resume. Where WebSockets work,
 * the long-polling chunk is never loaded; a page that asks for long-polling first gets it at once, and the upgrade to
 * a WebSocket.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Demo } from '../../demo/server.js';
import { chatBothWays, expectConnected } from './journeys.js';
import { type Customer, shown, type Technician, until, useE2E } from './support.js';

const e2e = useE2E();

/** The transports the relay's engine takes (socket.io's default: both). */
function engineTransports(transports: ('polling' | 'websocket')[]): void {
  (e2e.demo as Demo).relay.io.engine.opts.transports = transports;
}

/** The widget's chunks the page loaded so far (`chunks/<name>-<hash>.js` → name). */
async function loadedChunks(page: Page): Promise<string[]> {
  const names = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  return names.flatMap((url) => /\/chunks\/([\w-]+?)-[\w-]{8}\.js$/.exec(url)?.[1] ?? []);
}

/** Records how the page talks to the relay's `/customer` namespace: WebSockets opened and long-polling requests. */
function watchTransports(page: Page): { websockets: string[]; polls: string[] } {
  const seen = { websockets: [] as string[], polls: [] as string[] };
  page.on('websocket', (ws) => seen.websockets.push(ws.url()));
  page.on('request', (request) => {
    if (/\/socket\.io\/\?.*transport=polling/.test(request.url())) seen.polls.push(request.url());
  });
  return seen;
}

/**
 * A technician and a customer connected in a session, the customer's transports watched from the start; `transports`
 * is the widget's attribute, if any.
 */
async function connected(transports?: string): Promise<{ technician: Technician; customer: Customer; seen: ReturnType<typeof watchTransports> }> {
  const technician = await e2e.technician();
  const customer = await e2e.customer();
  const seen = watchTransports(customer.page);
  if (transports) await customer.widget.evaluate((widget, value) => widget.setAttribute('transports', value), transports);
  const { code } = await technician.createSession();
  await customer.openWidget();
  await customer.enterCode(code);
  await expectConnected(customer, technician);
  return { technician, customer, seen };
}

afterEach(() => engineTransports(['polling', 'websocket']));

describe('a network that refuses WebSockets', () => {
  it('where WebSockets work, the widget connects over one and never loads long-polling', async () => {
    const { technician, customer, seen } = await connected();
    await chatBothWays(customer, technician, 'websocket');

    // The widget's own socket.io client, in the box's chunk: socket.io-client is for long-polling only.
    expect(await loadedChunks(customer.page)).not.toContain('socket-client');
    expect(await loadedChunks(customer.page)).not.toContain('polling');
    expect(seen.websockets.length).toBeGreaterThan(0);
    expect(seen.polls).toEqual([]);
    e2e.expectNoErrors();
  });

  it('a page that asks for long-polling first loads it at once, and the connection upgrades to a WebSocket', async () => {
    const { technician, customer, seen } = await connected('polling websocket');
    expect(await loadedChunks(customer.page)).toEqual(expect.arrayContaining(['socket-client', 'polling']));
    expect(seen.polls.length).toBeGreaterThan(0);
    await until(async () => seen.websockets.length > 0, true);
    await chatBothWays(customer, technician, 'upgraded');
    e2e.expectNoErrors();
  });

  it('falls back to long-polling once the WebSocket is refused, and resumes over it after a dropped network', async () => {
    engineTransports(['polling']);
    // Chromium reports the refused WebSocket, and while offline the refused reconnection attempts.
    e2e.allowErrors(/WebSocket connection to .* failed/, 'the relay refuses WebSocket upgrades in this test');
    e2e.allowErrors(/net::ERR_INTERNET_DISCONNECTED/, 'socket.io reconnection attempts while the browser is offline');
    const { technician, customer, seen } = await connected();
    expect(await loadedChunks(customer.page)).toEqual(expect.arrayContaining(['socket-client', 'polling']));
    expect(seen.websockets.length).toBeGreaterThan(0);
    expect(seen.polls.length).toBeGreaterThan(0);
    await chatBothWays(customer, technician, 'long-polling');
    const { sessionId } = await technician.consoleState();
    const before = await customer.messages();
    // Before the fallback, socket.io itself may have tried a WebSocket again (on a busy machine, while the
    // long-polling chunk was still loading); from here on nothing should.
    const websocketsBefore = seen.websockets.length;

    // The network drops and comes back: socket.io reconnects over long-polling and the session resumes.
    await customer.context.setOffline(true);
    await until(() => customer.status.innerText(), /^Connection lost\. Reconnecting…$/);
    await customer.send('written while offline');
    await customer.context.setOffline(false);
    await customer.waitConnected();
    await customer.waitSystemLine('Connection restored.');
    await until(() => technician.messages(), [...before, 'written while offline']);
    await technician.send('got it');
    await until(() => customer.messages(), [...before, 'written while offline', 'got it']);
    expect(await technician.consoleState()).toMatchObject({ sessionId, sessionState: 'active' });
    await shown(customer.widget.locator('header .who', { hasText: 'Alex Demo · Demo Support' }));
    // The reconnection went straight to long-polling: no WebSocket was tried again.
    expect(seen.websockets).toHaveLength(websocketsBefore);
    e2e.expectNoErrors();
  }, 120_000);
});
