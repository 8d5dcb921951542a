/** Every participant gets TURN credentials of its own in the `rtc` of its results; the shared secret never leaves. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RtcConfig } from '../../src/protocol/index.js';
import { customer, ok, startRelay, technician } from './support.js';

const SECRET = 'coturn-static-auth-secret-for-tests';

describe('TURN credentials in join, create and attach results', () => {
  it('are short-lived, per participant, signed with the secret, and come with the transport policy', async () => {
    const t = await startRelay({ turnUrls: ['turn:127.0.0.1:3478?transport=udp'], turnSecret: SECRET, turnTtlMs: 600_000, iceTransportPolicy: 'relay' });
    const tech = technician(t.url, t.token);
    const created = await ok<{ code: string; session: { id: string }; rtc: RtcConfig }>(tech, 'session:create');
    const cust = customer(t.url);
    const joined = await ok<{ rtc: RtcConfig }>(cust, 'session:join', { code: created.code });
    const attached = await ok<{ rtc: RtcConfig }>(technician(t.url, t.token), 'session:attach', { sessionId: created.session.id });

    const now = Date.now() / 1000;
    for (const [rtc, role] of [[created.rtc, 'technician'], [joined.rtc, 'customer'], [attached.rtc, 'technician']] as const) {
      expect(rtc.iceTransportPolicy).toBe('relay');
      expect(JSON.stringify(rtc)).not.toContain(SECRET);
      const [entry] = rtc.iceServers;
      expect(entry?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
      const [expiry, participant] = entry!.username!.split(':');
      expect(Number(expiry)).toBeGreaterThan(now + 590);
      expect(Number(expiry)).toBeLessThan(now + 610);
      expect(participant).toBe(`${role}-${created.session.id}`);
      expect(entry!.credential).toBe(createHmac('sha1', SECRET).update(entry!.username!).digest('base64'));
    }
    expect(joined.rtc.iceServers[0]?.credential).not.toBe(created.rtc.iceServers[0]?.credential);
  });
});
