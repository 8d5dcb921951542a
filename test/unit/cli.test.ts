import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/server/cli.js';
import { MemoryStore } from '../../src/server/memory-store.js';
import { isOpen, parseHours } from '../../src/server/hours.js';
import { WindowCounter } from '../../src/server/limits.js';
import { compileOrigins } from '../../src/server/origin.js';
import { ConfigError, resolveOptions } from '../../src/server/options.js';

describe('relay command line', () => {
  it('runs on embedded defaults with no flags and no environment', () => {
    const config = parseCli([], {});
    expect(config).toMatchObject({ command: 'serve', host: '127.0.0.1', port: 3000 });
    expect(config.relay.tokenSecret).toBeUndefined();
    const resolved = resolveOptions(config.relay, () => 'x'.repeat(32));
    expect(resolved.devMode).toBe(true);
    expect(resolved).toMatchObject({ codeLength: 6, codeTtlMs: 600_000, promptTimeoutMs: 60_000, resumeGraceMs: 120_000 });
  });

  it('reads flags in seconds and lists, and lets flags win over environment variables', () => {
    const config = parseCli(
      ['--port', '4000', '--origins', 'https://help.example.com, https://*.example.org', '--prompt-timeout', '30', '--functions', 'desktop-view,reboot'],
      { RSW_PORT: '5000', RSW_PROMPT_TIMEOUT: '90', RSW_RESUME_GRACE: '45', RSW_TOKEN_SECRET: 's'.repeat(40) },
    );
    expect(config.port).toBe(4000);
    expect(config.relay).toMatchObject({
      allowedOrigins: ['https://help.example.com', 'https://*.example.org'],
      promptTimeoutMs: 30_000,
      resumeGraceMs: 45_000,
      functions: ['desktop-view', 'reboot'],
      tokenSecret: 's'.repeat(40),
    });
  });

  it('reads the transport limits: connections per address, unsent bytes, the IPv6 prefix', () => {
    const config = parseCli(['--max-connections', '20', '--ipv6-prefix', '56'], { RSW_MAX_BUFFERED: '1048576' });
    expect(config.relay).toMatchObject({ maxConnectionsPerAddress: 20, maxBufferedBytes: 1_048_576, ipv6PrefixLength: 56 });
  });

  it('refuses unknown flags, functions, bad numbers and malformed hours with a ConfigError', () => {
    expect(() => parseCli(['--nope'], {})).toThrow(ConfigError);
    expect(() => parseCli(['--functions', 'mind-control'], {})).toThrow(/unknown function "mind-control"/);
    expect(() => parseCli(['--port', 'abc'], {})).toThrow(/--port must be a positive number/);
    expect(() => parseCli(['--hours', 'weekdays 9 to 5'], {})).toThrow(ConfigError);
    expect(() => parseCli(['serve-forever'], {})).toThrow(/unknown command/);
  });

  it('reads the function options: file limits, reboot token lifetime, ICE servers as JSON, and the webhook', () => {
    const ice = '[{"urls":["stun:stun.example.com:3478"]},{"urls":"turn:turn.example.com","username":"u","credential":"p"}]';
    const config = parseCli(['--max-file', '1048576', '--reboot-ttl', '600', '--ice-servers', ice, '--webhook-url', 'https://agent.example.com/rsw'], {
      RSW_WEBHOOK_SECRET: 'w'.repeat(20),
      RSW_FILE_RATE: '4194304',
    });
    expect(config.relay).toMatchObject({
      maxFileBytes: 1_048_576,
      fileBytesPerSecond: 4_194_304,
      rebootTokenTtlMs: 600_000,
      iceServers: JSON.parse(ice) as unknown,
      webhookUrl: 'https://agent.example.com/rsw',
      webhookSecret: 'w'.repeat(20),
    });
    const resolved = resolveOptions(config.relay, () => 'x'.repeat(32));
    expect(resolved).toMatchObject({ maxFileBytes: 1_048_576, rebootTokenTtlMs: 600_000, fileAckTimeoutMs: 30_000 });
    expect(resolveOptions({}, () => 'x'.repeat(32))).toMatchObject({ iceServers: [], maxFileBytes: 25 * 1024 * 1024, rebootTokenTtlMs: 900_000, fileBytesPerSecond: 8 * 1024 * 1024 });
    expect(() => parseCli(['--ice-servers', 'stun:stun.example.com'], {})).toThrow(/--ice-servers must be JSON/);
    expect(() => resolveOptions({ iceServers: [{ urls: [] }] }, () => 'x'.repeat(32))).toThrow(/iceServers/);
    expect(() => resolveOptions({ webhookUrl: 'https://a.example', webhookSecret: 'short' }, () => 'x'.repeat(32))).toThrow(/webhookSecret/);
    expect(() => resolveOptions({ maxFileBytes: 0 }, () => 'x'.repeat(32))).toThrow(/maxFileBytes/);
  });

  it('mints tokens only with a name, an organisation and the secret', () => {
    expect(() => parseCli(['token', '--name', 'Dana'], { RSW_TOKEN_SECRET: 's'.repeat(40) })).toThrow(/--name and --org/);
    expect(() => parseCli(['token', '--name', 'Dana', '--org', 'Example'], {})).toThrow(/secret/);
    const config = parseCli(['token', '--name', 'Dana Kowalska', '--org', 'Example'], { RSW_TOKEN_SECRET: 's'.repeat(40) });
    expect(config.token).toEqual({ name: 'Dana Kowalska', org: 'Example', id: 'dana-kowalska', expires: '12h' });
  });

  it('takes Redis from --redis or RELAY_REDIS_URL, with an optional key prefix, and refuses other URLs', () => {
    expect(parseCli([], {}).relay.redis).toBeUndefined();
    expect(parseCli(['--redis', 'redis://10.0.0.5:6380/2'], { RELAY_REDIS_URL: 'redis://elsewhere' }).relay.redis).toBe('redis://10.0.0.5:6380/2');
    expect(parseCli([], { RELAY_REDIS_URL: 'rediss://:pw@cache.example.com' }).relay.redis).toBe('rediss://:pw@cache.example.com');
    const prefixed = parseCli(['--redis', 'redis://127.0.0.1', '--redis-prefix', 'help-eu:'], {});
    expect(prefixed.relay.redis).toEqual({ url: 'redis://127.0.0.1', keyPrefix: 'help-eu:' });
    expect(resolveOptions(prefixed.relay, () => 'x'.repeat(32)).redis).toMatchObject({ url: 'redis://127.0.0.1', keyPrefix: 'help-eu:' });
    expect(resolveOptions({ redis: 'redis://127.0.0.1' }, () => 'x'.repeat(32)).redis?.keyPrefix).toBe('rsw:');
    expect(() => parseCli(['--redis-prefix', 'x:'], {})).toThrow(/needs --redis/);
    expect(() => resolveOptions({ redis: 'http://127.0.0.1:6379' }, () => 'x'.repeat(32))).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => resolveOptions({ redis: 'not a url' }, () => 'x'.repeat(32))).toThrow(ConfigError);
    expect(() => resolveOptions({ redis: { url: 'redis://h', sweepIntervalMs: 0 } }, () => 'x'.repeat(32))).toThrow(/sweepIntervalMs/);
    expect(() => resolveOptions({ redis: 'redis://h', store: new MemoryStore() }, () => 'x'.repeat(32))).toThrow(/either store or redis/);
  });

  it('rejects a short token secret and a code length outside 6 to 12', () => {
    expect(() => resolveOptions({ tokenSecret: 'short' }, () => '')).toThrow(/at least 32/);
    expect(() => resolveOptions({ codeLength: 4 }, () => 'x'.repeat(32))).toThrow(/codeLength/);
  });
});

describe('business hours', () => {
  const hours = parseHours('1-5 08:00-16:00 Europe/Warsaw');

  it('parses ranges and lists of ISO weekdays', () => {
    expect(hours).toEqual({ timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' });
    expect(parseHours('1,3,6-7 09:30-12:00 UTC').days).toEqual([1, 3, 6, 7]);
  });

  it('is open on a weekday morning in the vendor time zone and closed at night and at the weekend', () => {
    // 2026-11-23 is a Monday; Warsaw is UTC+1 in November.
    expect(isOpen(hours, new Date('2026-11-23T07:00:00Z'))).toBe(true); // 08:00 local, opening time
    expect(isOpen(hours, new Date('2026-11-23T06:59:00Z'))).toBe(false);
    expect(isOpen(hours, new Date('2026-11-23T15:00:00Z'))).toBe(false); // 16:00 local, closed
    expect(isOpen(hours, new Date('2026-11-22T10:00:00Z'))).toBe(false); // Sunday
  });

  it('refuses hours that close before they open and unknown time zones', () => {
    expect(() => parseHours('1-5 16:00-08:00 UTC')).toThrow(/open before/);
    expect(() => parseHours('1-5 08:00-16:00 Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('origin allowlist', () => {
  const allowed = compileOrigins(['http://localhost:*', 'https://*.example.com', 'https://help.vendor.test']);

  it('matches exact origins and one-label or port wildcards', () => {
    expect(allowed('http://localhost:5173')).toBe(true);
    expect(allowed('https://support.example.com')).toBe(true);
    expect(allowed('https://help.vendor.test')).toBe(true);
    expect(allowed('HTTPS://HELP.VENDOR.TEST')).toBe(true);
  });

  it('refuses look-alikes, deeper subdomains, other schemes, missing and opaque origins', () => {
    expect(allowed('https://support.example.com.attacker.net')).toBe(false);
    expect(allowed('https://a.b.example.com')).toBe(false);
    expect(allowed('http://support.example.com')).toBe(false);
    expect(allowed('http://localhost:5173.evil.net')).toBe(false);
    expect(allowed(undefined)).toBe(false);
    expect(allowed('null')).toBe(false);
  });
});

describe('per-socket rate limit counter', () => {
  it('allows the points of a window, then says how long to wait, then starts a new window', () => {
    const counter = new WindowCounter(3, 1000);
    expect([counter.take(10_000), counter.take(10_100), counter.take(10_200)]).toEqual([0, 0, 0]);
    expect(counter.take(10_400)).toBe(600);
    expect(counter.take(10_999)).toBe(1);
    expect(counter.take(11_000)).toBe(0);
  });
});
