/**
 * Screen viewing through a real TURN server: Debian's coturn on loopback with the TURN REST API credentials, the relay
 * handing each participant its own short-lived credentials, and `iceTransportPolicy: 'relay'`, so that the two
 * browsers may only talk through coturn. The customer's tab reaches the console as live video; with coturn on another
 * secret the same journey gets no frame (and, since direct routes are off, nothing else carries the video).
 *
 * Without coturn or Chromium these tests fail when CI=true and are skipped otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allow, connectWithCode } from '../e2e/journeys.js';
import { shown, until, useE2E } from '../e2e/support.js';
import { freePort } from '../support/redis-server.js';
import { hasCoturn, MISSING_COTURN, startCoturn, type Coturn } from './coturn.js';

const SECRET = 'coturn-secret-shared-with-the-relay';
const ASK_SCREEN = /asks to see your screen\.$/;
const missing = hasCoturn() ? undefined : MISSING_COTURN;
const dir = mkdtempSync(join(tmpdir(), 'rsw-turn-'));
const port = await freePort();
let coturn: Coturn | undefined;

beforeAll(async () => {
  if (!missing) coturn = await startCoturn(dir, port, SECRET);
});
afterAll(async () => {
  await coturn?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(({ skip }) => {
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(missing);
  skip(missing);
});

const e2e = useE2E({
  relayOptions: { turnUrls: [`turn:127.0.0.1:${port}?transport=udp`], turnSecret: SECRET, turnTtlMs: 10 * 60_000, iceTransportPolicy: 'relay' },
});

describe('screen viewing through coturn (iceTransportPolicy relay)', () => {
  it('reaches the console as live video, relayed with the participants’ own credentials', async () => {
    await coturn!.restart(SECRET);
    const { customer, technician } = await connectWithCode(e2e);
    const { sessionId } = await technician.consoleState();
    await allow(customer, technician, 'Screen viewing', ASK_SCREEN);
    await shown(customer.indicator.getByText('Your screen is being viewed'));
    await until(() => technician.videoState(), 'live', 30_000);
    const before = await technician.framesArrived();
    await customer.composer.click();
    await customer.composer.pressSequentially('is the picture moving?', { delay: 30 });
    await expect.poll(() => technician.framesArrived(), { timeout: 15_000 }).toBeGreaterThan(before + 3);
    // Both browsers allocated on coturn, each under its own name for this session (never the shared secret).
    const log = coturn!.log();
    for (const role of ['customer', 'technician']) {
      expect(log).toMatch(new RegExp(`user <\\d+:${role}-${sessionId}>: incoming packet ALLOCATE processed, success`));
      expect(log).toMatch(new RegExp(`user <\\d+:${role}-${sessionId}>: incoming packet CREATE_PERMISSION processed, success`));
    }
    expect(log).not.toContain(SECRET);
    e2e.expectNoErrors();
  });

  it('gets no frame when coturn does not share the relay’s secret', async () => {
    await coturn!.restart('another-secret-the-relay-does-not-know');
    const { customer, technician } = await connectWithCode(e2e);
    await allow(customer, technician, 'Screen viewing', ASK_SCREEN);
    await shown(customer.indicator.getByText('Your screen is being viewed'));
    // Long enough for a relayed connection to come up (the first test's took well under this).
    await customer.page.waitForTimeout(8_000);
    expect(await technician.framesArrived().catch(() => 0)).toBe(0);
    expect(await technician.videoState()).not.toBe('live');
    // coturn refused the credentials themselves (not only the first, unauthenticated request every client makes).
    expect(coturn!.log()).toMatch(/user <\d+:customer-[^>]+>: incoming packet message processed, error 401/);
    expect(coturn!.log()).not.toMatch(/ALLOCATE processed, success/);
    e2e.expectNoErrors();
  });
});
