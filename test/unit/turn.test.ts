import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/server/cli.js';
import { resolveOptions } from '../../src/server/options.js';
import { participantRtc, turnCredentials } from '../../src/server/turn.js';

const SECRET = 'turn-shared-secret-0123456789';
const resolve = (options: Parameters<typeof resolveOptions>[0]) => resolveOptions(options, () => 'x'.repeat(32));

describe('TURN credentials (TURN REST API, as coturn checks them)', () => {
  it('name the expiry in unix seconds and the participant, and sign that name with HMAC-SHA1 of the shared secret', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const entry = turnCredentials(['turn:turn.example.com:3478'], SECRET, 'customer-abc', 3_600_000, now);
    expect(entry.username).toBe(`${now / 1000 + 3600}:customer-abc`);
    expect(entry.credential).toBe(createHmac('sha1', SECRET).update(entry.username).digest('base64'));
    expect(entry.urls).toEqual(['turn:turn.example.com:3478']);
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });

  it('are added to the static ICE servers, one entry per participant, with the transport policy', () => {
    const settings = resolve({ iceServers: [{ urls: 'stun:stun.example.com' }], turnUrls: ['turn:t.example.com'], turnSecret: SECRET, iceTransportPolicy: 'relay' });
    const base = { iceServers: settings.iceServers };
    const a = participantRtc(base, settings, 'customer-s1');
    const b = participantRtc(base, settings, 'technician-s1');
    expect(a.iceTransportPolicy).toBe('relay');
    expect(a.iceServers[0]).toEqual({ urls: 'stun:stun.example.com' });
    expect(a.iceServers[1]?.username).toMatch(/^\d+:customer-s1$/);
    expect(b.iceServers[1]?.credential).not.toBe(a.iceServers[1]?.credential);
    // Without TURN settings nothing is added.
    expect(participantRtc({ iceServers: [] }, resolve({}), 'customer-s1')).toStrictEqual({ iceServers: [] });
  });

  it('come from flags or environment variables, and bad TURN settings are refused with a clear message', () => {
    const config = parseCli(['--turn-urls', 'turn:a.example.com:3478, turns:a.example.com:5349', '--turn-ttl', '600', '--ice-transport-policy', 'relay'], { RSW_TURN_SECRET: SECRET });
    expect(config.relay).toMatchObject({ turnUrls: ['turn:a.example.com:3478', 'turns:a.example.com:5349'], turnSecret: SECRET, turnTtlMs: 600_000, iceTransportPolicy: 'relay' });
    expect(resolve(config.relay)).toMatchObject({ turnTtlMs: 600_000, iceTransportPolicy: 'relay' });
    expect(resolve({})).toMatchObject({ turnUrls: [], turnTtlMs: 12 * 3_600_000, iceTransportPolicy: 'all' });
    expect(() => resolve({ turnUrls: ['stun:a.example.com'], turnSecret: SECRET })).toThrow(/turnUrls must be a list of turn: or turns: URLs/);
    expect(() => resolve({ turnUrls: ['turn:a.example.com'] })).toThrow(/needs a turnSecret of at least 16/);
    expect(() => resolve({ turnUrls: ['turn:a.example.com'], turnSecret: 'short' })).toThrow(/turnSecret/);
    expect(() => resolve({ turnSecret: SECRET })).toThrow(/turnSecret needs turnUrls/);
    expect(() => resolve({ iceTransportPolicy: 'relay' })).toThrow(/relay needs a TURN server/);
    expect(() => resolve({ iceTransportPolicy: 'none' as 'all' })).toThrow(/all or relay/);
    expect(() => parseCli(['--turn-ttl', 'soon'], {})).toThrow(/--turn-ttl must be a whole number of seconds/);
  });

  it('mount paths are read from --path and normalised; others are refused', () => {
    expect(resolve(parseCli(['--path', '/support/'], {}).relay).path).toBe('/support');
    expect(resolve(parseCli([], { RSW_PATH: '/help/rsw' }).relay).path).toBe('/help/rsw');
    expect(resolve({}).path).toBe('');
    expect(() => resolve({ path: 'support' })).toThrow(/path must be a URL path/);
  });
});
