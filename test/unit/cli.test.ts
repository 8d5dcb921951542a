import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/server/cli-usage.js';
import { parseCli } from '../../src/server/cli.js';
import { MemoryStore } from '../../src/server/memory-store.js';
import { isOpen, parseHours } from '../../src/server/hours.js';
import { WindowCounter } from '../../src/server/limits.js';
import { compileOrigins } from '../../src/server/origin.js';
import { ConfigError, resolveOptions, type RelayOptions } from '../../src/server/options.js';

describe('relay command line', () => {
  it('runs on embedded defaults with no flags and no environment', () => {
    const config = parseCli([], {});
    expect(config).toMatchObject({ command: 'serve', host: '127.0.0.1', port: 3000 });
    expect(config.relay.tokenSecret).toBeUndefined();
    const resolved = resolveOptions(config.relay, () => 'x'.repeat(32));
    expect(resolved.devMode).toBe(true);
    expect(resolved).toMatchObject({ codeLength: 6, codeTtlMs: 600_000, promptTimeoutMs: 60_000, resumeGraceMs: 120_000 });
  });

  it('lists in --help every environment variable the command line reads', () => {
    /** The variables a parse reads (every one it would take a value from). */
    const readBy = (argv: string[]): string[] => {
      const read = new Set<string>();
      parseCli(argv, new Proxy({}, { get: (_target, name) => (typeof name === 'string' && read.add(name), undefined) }));
      return [...read];
    };
    const read = new Set([...readBy([]), ...readBy(['token', '--secret', 'x'.repeat(32), '--id', 'u-1', '--name', 'Dana', '--org', 'Example'])]);
    // Read straight from process.env by the relay's modules (the logger's level).
    const dir = new URL('../../src/server/', import.meta.url);
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      for (const [, name] of readFileSync(new URL(file, dir), 'utf8').matchAll(/process\.env\.([A-Z_]+)/g)) read.add(name!);
    }
    const listed = new Set([...USAGE.matchAll(/\[([A-Z_][A-Z0-9_=, ]*)\]/g)].flatMap(([, names]) => names!.split(',').map((n) => n.trim().replace(/=.*$/, ''))));
    expect(read.size).toBeGreaterThan(50);
    expect(read).toContain('RSW_SECRET');
    expect([...read].filter((name) => !listed.has(name))).toEqual([]);
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

  it('reads the consent cooldown in seconds (0 turns it off), and refuses more than 10 minutes with the flag named', () => {
    expect(parseCli(['--consent-cooldown', '30'], {}).relay.consentCooldownMs).toBe(30_000);
    expect(parseCli([], { RSW_CONSENT_COOLDOWN: '0' }).relay.consentCooldownMs).toBe(0);
    expect(parseCli([], {}).relay.consentCooldownMs).toBeUndefined();
    expect(() => parseCli(['--consent-cooldown', '601'], {})).toThrow(/--consent-cooldown must be a whole number of seconds from 0 to 600, got "601"/);
  });

  it('reads the transport limits: connections per address, unsent bytes, the IPv6 prefix', () => {
    const config = parseCli(['--max-connections', '20', '--ipv6-prefix', '56'], { RSW_MAX_BUFFERED: '1048576' });
    expect(config.relay).toMatchObject({ maxConnectionsPerAddress: 20, maxBufferedBytes: 1_048_576, ipv6PrefixLength: 56 });
  });

  it('reads the left-message limits, and refuses nonsense in them with the flag named', () => {
    const config = parseCli(['--left-messages', '5'], { RSW_MAX_LEFT_MESSAGES: '200' });
    expect(config.relay).toMatchObject({ leftMessagesPerHour: 5, maxLeftMessages: 200 });
    expect(resolveOptions(config.relay, () => 'x'.repeat(32))).toMatchObject({ leftMessagesPerHour: 5, maxLeftMessages: 200 });
    expect(resolveOptions({}, () => 'x'.repeat(32))).toMatchObject({ leftMessagesPerHour: 3, maxLeftMessages: 500 });
    expect(() => parseCli(['--left-messages', '0'], {})).toThrow(/--left-messages/);
    expect(() => resolveOptions({ maxLeftMessages: -1 }, () => 'x'.repeat(32))).toThrow(ConfigError);
  });

  it('refuses unknown flags, functions, bad numbers and malformed hours with a ConfigError', () => {
    expect(() => parseCli(['--nope'], {})).toThrow(ConfigError);
    expect(() => parseCli(['--functions', 'mind-control'], {})).toThrow(/--functions must name known functions/);
    expect(() => parseCli(['--port', 'abc'], {})).toThrow(/--port must be a whole number from 0 to 65535, got "abc"/);
    expect(() => parseCli([], { PORT: '70000' })).toThrow(/^PORT must be a whole number/);
    expect(() => parseCli(['--hours', 'weekdays 9 to 5'], {})).toThrow(ConfigError);
    expect(() => parseCli(['serve-forever'], {})).toThrow(/unknown command/);
    // node's hint for a value that starts with a dash stays on the one line the program prints.
    expect(() => parseCli(['--drain', '-1'], {})).toThrow(/^Option '--drain' argument is ambiguous\. .*'--drain=-XYZ'\.$/);
  });

  it('reads the function options: file limits, reboot token lifetime, ICE servers as JSON, and the webhook', () => {
    const ice = '[{"urls":["stun:stun.example.com:3478"]},{"urls":"turn:turn.example.com","username":"u","credential":"p"}]';
    const config = parseCli(['--max-file', '1048576', '--reboot-ttl', '600', '--ice-servers', ice, '--webhook-url', 'https://agent.example.com/rsw'], {
      RSW_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
      RSW_FILE_RATE: '4194304',
    });
    expect(config.relay).toMatchObject({
      maxFileBytes: 1_048_576,
      fileBytesPerSecond: 4_194_304,
      rebootTokenTtlMs: 600_000,
      iceServers: JSON.parse(ice) as unknown,
      webhookUrl: 'https://agent.example.com/rsw',
      webhookSecret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    });
    const resolved = resolveOptions(config.relay, () => 'x'.repeat(32));
    expect(resolved).toMatchObject({ maxFileBytes: 1_048_576, rebootTokenTtlMs: 600_000, fileAckTimeoutMs: 30_000 });
    expect(resolveOptions({}, () => 'x'.repeat(32))).toMatchObject({ iceServers: [], maxFileBytes: 25 * 1024 * 1024, rebootTokenTtlMs: 900_000, fileBytesPerSecond: 8 * 1024 * 1024 });
    expect(() => parseCli(['--ice-servers', 'stun:stun.example.com'], {})).toThrow(/--ice-servers must be JSON/);
    expect(() => parseCli(['--ice-servers', '[{"urls":"http://x"}]'], {})).toThrow(/--ice-servers must be stun:/);
    expect(() => resolveOptions({ iceServers: [{ urls: [] }] }, () => 'x'.repeat(32))).toThrow(/iceServers/);
    expect(() => resolveOptions({ webhookUrl: 'https://a.example', webhookSecret: 'short' }, () => 'x'.repeat(32))).toThrow(/webhookSecret must be "whsec_"/);
    expect(() => resolveOptions({ webhookUrl: 'https://a.example' }, () => 'x'.repeat(32))).toThrow(/webhookUrl needs a webhookSecret/);
    expect(() => resolveOptions({ maxFileBytes: 0 }, () => 'x'.repeat(32))).toThrow(/maxFileBytes/);
  });

  it('mints tokens only with an explicit id, a name, an organisation and the secret', () => {
    expect(() => parseCli(['token', '--name', 'Dana', '--org', 'Example'], { RSW_TOKEN_SECRET: 's'.repeat(40) })).toThrow(/--id, --name and --org/);
    expect(() => parseCli(['token', '--id', 'd1', '--name', 'Dana', '--org', 'Example'], {})).toThrow(/secret/);
    const config = parseCli(['token', '--id', 'u-1042', '--name', 'Dana Kowalska', '--org', 'Example'], { RSW_TOKEN_SECRET: 's'.repeat(40) });
    expect(config.token).toEqual({ name: 'Dana Kowalska', org: 'Example', id: 'u-1042', expires: '43200s' });
    expect(parseCli(['token', '--id', 'u', '--name', 'D', '--org', 'E', '--expires', '30d'], { RSW_TOKEN_SECRET: 's'.repeat(40) }).token?.expires).toBe('2592000s');
    expect(() => parseCli(['token', '--id', 'u', '--name', ' ', '--org', 'E'], { RSW_TOKEN_SECRET: 's'.repeat(40) })).toThrow(/--name must not be empty/);
  });

  it('reads the drain, the shutdown deadline, the identity provider and the revocation list', () => {
    const config = parseCli(
      ['--drain', '15', '--jwks-url', 'https://idp.example.com/jwks', '--jwt-issuer', 'https://idp.example.com/', '--jwt-audience', 'rsw,rsw-eu', '--jwt-claims', 'id=oid,org=tenant'],
      { RSW_SHUTDOWN_TIMEOUT: '20', RSW_REVOKED: 'jti-1, u-7', RSW_REVOKED_FILE: '/etc/rsw/revoked', RSW_WEBHOOK_INCLUDE_TRANSCRIPT: '1' },
    );
    expect(config.shutdownTimeoutMs).toBe(20_000);
    expect(config.relay).toMatchObject({
      drainMs: 15_000,
      identityProvider: { jwksUrl: 'https://idp.example.com/jwks', issuer: 'https://idp.example.com/', audience: ['rsw', 'rsw-eu'], claims: { id: 'oid', org: 'tenant' } },
      revokedTokens: ['jti-1', 'u-7'],
      revokedTokensFile: '/etc/rsw/revoked',
      webhookIncludeTranscript: true,
    });
    expect(() => parseCli(['--jwt-issuer', 'x'], {})).toThrow(/need --jwks-url/);
    expect(() => parseCli(['--jwks-url', 'ftp://x', '--jwt-issuer', 'i', '--jwt-audience', 'a'], {})).toThrow(/--jwks-url must be an http\(s\) URL of a JWKS/);
    expect(() => parseCli(['--jwks-url', 'https://x', '--jwt-issuer', 'i', '--jwt-audience', 'a', '--jwt-claims', 'email=mail'], {})).toThrow(/--jwt-claims must be like/);
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

  it('names the flag or variable, not the createRelay option, in the checks of options that go together', () => {
    expect(() => parseCli(['--redis', 'http://127.0.0.1:6379'], {})).toThrow(/^--redis must be a redis:\/\/ or rediss:\/\/ URL$/);
    expect(() => parseCli([], { RSW_REDIS: 'http://127.0.0.1:6379' })).toThrow(/^RSW_REDIS must be a redis:\/\//);
    expect(() => parseCli(['--redis', 'redis://h', '--redis-prefix', 'p'.repeat(101)], {})).toThrow(/^--redis-prefix must be at most 100 characters$/);
    expect(() => parseCli(['--turn-urls', 'turn:turn.example.com:3478'], {})).toThrow(/^--turn-urls needs a --turn-secret of at least 16 characters/);
    expect(() => parseCli([], { RSW_TURN_SECRET: 't'.repeat(16) })).toThrow(/^RSW_TURN_SECRET needs --turn-urls$/);
    expect(() => parseCli(['--ice-transport-policy', 'relay'], {})).toThrow(/^--ice-transport-policy relay needs a TURN server \(--turn-urls, or a turn: entry in --ice-servers\)$/);
    // What only createRelay finds (a revoked-tokens file it cannot read) is renamed by `named`.
    const config = parseCli([], { RSW_REVOKED_FILE: '/etc/rsw/revoked.txt' });
    expect(String(config.named(new ConfigError('cannot be read: ENOENT', 'revokedTokensFile')))).toBe('ConfigError: RSW_REVOKED_FILE cannot be read: ENOENT');
    const other = new Error('boom');
    expect(config.named(other)).toBe(other);
    // createRelay's own errors keep naming its options.
    expect(() => resolveOptions({ turnUrls: ['turn:turn.example.com'] }, () => 'x'.repeat(32))).toThrow(/^turnUrls needs a turnSecret of at least 16/);
  });

  it('checks the options that go together once, in resolveOptions, in one wording: flags or variables on the command line, option keys in the API', () => {
    const api = (options: RelayOptions) => () => resolveOptions(options, () => 'x'.repeat(32));
    const webhook = 'https://agent.example.com/rsw';
    expect(() => parseCli([], { RSW_WEBHOOK_URL: webhook })).toThrow(/^RSW_WEBHOOK_URL needs a --webhook-secret$/);
    expect(() => parseCli(['--webhook-url', webhook], { RSW_WEBHOOK_URL: webhook })).toThrow(/^--webhook-url needs a --webhook-secret$/);
    expect(api({ webhookUrl: webhook })).toThrow(/^webhookUrl needs a webhookSecret$/);
    expect(() => parseCli(['--webhook-url', webhook], { RSW_WEBHOOK_SECRET: 'short' })).toThrow(/^RSW_WEBHOOK_SECRET must be "whsec_"/);
    expect(api({ webhookUrl: webhook, webhookSecret: 'short' })).toThrow(/^webhookSecret must be "whsec_"/);
    const needsSecret = "needs a (--turn-secret|turnSecret) of at least 16 characters \\(the TURN server's static-auth-secret\\)$";
    expect(() => parseCli([], { RSW_TURN_URLS: 'turn:turn.example.com:3478' })).toThrow(new RegExp(`^RSW_TURN_URLS ${needsSecret}`));
    expect(api({ turnUrls: ['turn:turn.example.com:3478'] })).toThrow(new RegExp(`^turnUrls ${needsSecret}`));
    expect(() => parseCli(['--turn-secret', 't'.repeat(16)], {})).toThrow(/^--turn-secret needs --turn-urls$/);
    expect(api({ turnSecret: 't'.repeat(16) })).toThrow(/^turnSecret needs turnUrls$/);
    expect(() => parseCli([], { RSW_ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/^RSW_ICE_TRANSPORT_POLICY relay needs a TURN server \(--turn-urls, or a turn: entry in --ice-servers\)$/);
    expect(api({ iceTransportPolicy: 'relay' })).toThrow(/^iceTransportPolicy relay needs a TURN server \(turnUrls, or a turn: entry in iceServers\)$/);
  });

  it('reads the metrics token from --metrics-token or RSW_METRICS_TOKEN, and refuses a weak or malformed one', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0';
    expect(parseCli([], {}).relay.metricsToken).toBeUndefined();
    expect(parseCli(['--metrics-token', token], { RSW_METRICS_TOKEN: 'z'.repeat(20) }).relay.metricsToken).toBe(token);
    expect(parseCli([], { RSW_METRICS_TOKEN: token }).relay.metricsToken).toBe(token);
    expect(() => parseCli(['--metrics-token', 'short'], {})).toThrow(/^--metrics-token must be at least 16 characters \(e\.g\. openssl rand -hex 24\)$/);
    expect(() => parseCli([], { RSW_METRICS_TOKEN: 'has a space in it, sadly' })).toThrow(/^RSW_METRICS_TOKEN must be printable ASCII without spaces$/);
    expect(() => parseCli(['--metrics-token', 'x'.repeat(513)], {})).toThrow(/^--metrics-token must be at most 512 characters$/);
    expect(() => resolveOptions({ metricsToken: 'short' }, () => 'x'.repeat(32))).toThrow(/^metricsToken must be at least 16 characters/);
  });

  it('checks createRelay options with the same schema: a clear ConfigError naming the option', () => {
    const resolve = (options: Parameters<typeof resolveOptions>[0]) => () => resolveOptions(options, () => 'x'.repeat(32));
    expect(resolve({ joinUrl: 'not a url' })).toThrow(/^joinUrl must be an http\(s\) URL$/);
    expect(resolve({ allowedOrigins: ['not-an-origin'] })).toThrow(/^allowedOrigins must be origins like/);
    expect(resolve({ promptTimeoutMs: 1e12 })).toThrow(/^promptTimeoutMs must be from 1 to 600000 ms$/);
    expect(resolve({ codeTtlMs: 0.5 })).toThrow(/^codeTtlMs must be a whole number of milliseconds$/);
    expect(resolve({ logger: 'loud' })).toThrow(/^logger must be a pino logger or one of/);
    expect(resolve({ drainMs: -5 })).toThrow(/^drainMs must not be negative$/);
    expect(resolve({ identityProvider: { jwksUrl: 'https://idp.example/jwks', issuer: '', audience: 'a' } })).toThrow(/^identityProvider\.issuer must not be empty$/);
    expect(resolve({ identityProvider: { jwksUrl: 'https://idp.example/jwks', issuer: 'i', audience: 'a', algorithms: ['HS256' as 'RS256'] } })).toThrow(/identityProvider\.algorithms must be RS256 or ES256/);
    expect(resolve({ allowedOrigins: ['https://*.example.com', 'http://localhost:*', 'http://[::1]:8080', '*'] })).not.toThrow();
    expect(resolve({ drainMs: 0, codeTtlMs: 100 })).not.toThrow();
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

  it('names businessHours when createRelay gets hours it cannot use (the --hours text, or bad hours)', () => {
    const resolve = (businessHours: unknown) => () => resolveOptions({ businessHours } as never, () => 'x'.repeat(32));
    // The command line's text given as is: the error says what to pass instead.
    expect(resolve('1-5 08:00-16:00 Europe/Warsaw')).toThrow(/^businessHours must be .*parseHours\("1-5 08:00-16:00 Europe\/Warsaw"\)/);
    expect(resolve({ days: [1, 2], open: '8:00', close: '16:00' })).toThrow(/^businessHours\.timeZone must be \{ days, open, close, timeZone \}/);
    expect(resolve({ ...hours, days: [9] })).toThrow(/^businessHours business days must be ISO weekdays/);
    expect(resolve({ ...hours, timeZone: 'Mars/Olympus' })).toThrow(/^businessHours unknown time zone/);
    expect(resolve({ ...hours, open: '8am' })).toThrow(/^businessHours not a time of day/);
    expect(resolveOptions({ businessHours: hours }, () => 'x'.repeat(32)).businessHours).toEqual(hours);
    // On the command line the same problems name --hours, as before.
    expect(() => parseCli(['--hours', '1-5 16:00-08:00 UTC'], {})).toThrow(/^--hours business hours must open before/);
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
