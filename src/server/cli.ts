/**
 * Command-line and environment configuration of the relay (flags win over environment variables). Every value is
 * checked with valibot — here for the command line's own units (whole seconds, `12h` spans), then by createRelay's own
 * check (resolveOptions: the option schema, and the options that go together) — and a bad one is a ConfigError naming
 * the flag or variable it came from.
 */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import type { FunctionId } from '../protocol/index.js';
import { parseHours } from './hours.js';
import { DURATION_LIMITS_MS } from './option-schema.js';
import { ConfigError, resolveOptions, type IdentityProvider, type RelayOptions } from './options.js';

export { USAGE } from './cli-usage.js';

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  origins: { type: 'string' },
  secret: { type: 'string' },
  'join-url': { type: 'string' },
  functions: { type: 'string' },
  'code-length': { type: 'string' },
  'code-ttl': { type: 'string' },
  'prompt-timeout': { type: 'string' },
  reconfirm: { type: 'string' },
  'consent-cooldown': { type: 'string' },
  'resume-grace': { type: 'string' },
  hours: { type: 'string' },
  'max-sessions': { type: 'string' },
  'max-message': { type: 'string' },
  'messages-per-minute': { type: 'string' },
  'events-per-second': { type: 'string' },
  'failed-joins': { type: 'string' },
  'failed-joins-global': { type: 'string' },
  'left-messages': { type: 'string' },
  'queue-joins': { type: 'string' },
  'sessions-per-technician': { type: 'string' },
  'max-left-messages': { type: 'string' },
  'max-payload': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-buffered': { type: 'string' },
  'ipv6-prefix': { type: 'string' },
  'max-file': { type: 'string' },
  'file-rate': { type: 'string' },
  'reboot-ttl': { type: 'string' },
  'ice-servers': { type: 'string' },
  'turn-urls': { type: 'string' },
  'turn-secret': { type: 'string' },
  'turn-ttl': { type: 'string' },
  'ice-transport-policy': { type: 'string' },
  path: { type: 'string' },
  'webhook-url': { type: 'string' },
  'webhook-secret': { type: 'string' },
  'webhook-include-transcript': { type: 'boolean' },
  'jwks-url': { type: 'string' },
  'jwt-issuer': { type: 'string' },
  'jwt-audience': { type: 'string' },
  'jwt-claims': { type: 'string' },
  revoked: { type: 'string' },
  'revoked-file': { type: 'string' },
  'metrics-token': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  redis: { type: 'string' },
  'redis-prefix': { type: 'string' },
  drain: { type: 'string' },
  'shutdown-timeout': { type: 'string' },
  'log-level': { type: 'string' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // token subcommand
  name: { type: 'string' },
  org: { type: 'string' },
  id: { type: 'string' },
  expires: { type: 'string' },
} as const;

type Flag = keyof typeof FLAGS;

/** The flag of each relay option, to name it in errors. */
const OPTION_FLAGS: Record<string, Flag> = {
  tokenSecret: 'secret',
  allowedOrigins: 'origins',
  joinUrl: 'join-url',
  functions: 'functions',
  codeLength: 'code-length',
  businessHours: 'hours',
  maxSessions: 'max-sessions',
  maxMessageLength: 'max-message',
  messagesPerMinute: 'messages-per-minute',
  eventsPerSecond: 'events-per-second',
  failedJoinsPerAddress: 'failed-joins',
  failedJoinsGlobal: 'failed-joins-global',
  leftMessagesPerHour: 'left-messages',
  queueJoinsPerHour: 'queue-joins',
  sessionsPerTechnicianPerHour: 'sessions-per-technician',
  maxLeftMessages: 'max-left-messages',
  maxPayloadBytes: 'max-payload',
  maxConnectionsPerAddress: 'max-connections',
  maxBufferedBytes: 'max-buffered',
  ipv6PrefixLength: 'ipv6-prefix',
  maxFileBytes: 'max-file',
  fileBytesPerSecond: 'file-rate',
  iceServers: 'ice-servers',
  turnUrls: 'turn-urls',
  turnSecret: 'turn-secret',
  turnTtlMs: 'turn-ttl',
  iceTransportPolicy: 'ice-transport-policy',
  path: 'path',
  webhookUrl: 'webhook-url',
  webhookSecret: 'webhook-secret',
  'identityProvider.jwksUrl': 'jwks-url',
  'identityProvider.issuer': 'jwt-issuer',
  'identityProvider.audience': 'jwt-audience',
  'identityProvider.claims': 'jwt-claims',
  'identityProvider.claims.id': 'jwt-claims',
  'identityProvider.claims.name': 'jwt-claims',
  'identityProvider.claims.org': 'jwt-claims',
  revokedTokens: 'revoked',
  revokedTokensFile: 'revoked-file',
  metricsToken: 'metrics-token',
  redis: 'redis',
  'redis.keyPrefix': 'redis-prefix',
  logger: 'log-level',
};

/** Longest token lifetime `token --expires` accepts: 30 days. */
export const MAX_TOKEN_SECONDS = 30 * 24 * 3600;
const SPAN_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

const wholeNumber = (min: number, max: number, unit = '') =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `must be a whole number${unit} from ${min} to ${max}`),
    v.transform(Number),
    v.minValue(min, `must be a whole number${unit} from ${min} to ${max}`),
    v.maxValue(max, `must be a whole number${unit} from ${min} to ${max}`),
  );
const tokenSpan = v.pipe(
  v.string(),
  v.regex(/^\d{1,7}[smhd]$/, 'must be a time span like 30m, 12h or 7d'),
  v.transform((text) => Number(text.slice(0, -1)) * SPAN_UNITS[text.slice(-1)]!),
  v.minValue(60, 'must be at least 1m'),
  v.maxValue(MAX_TOKEN_SECONDS, 'must be at most 30d'),
);
const tokenField = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));
const technicianId = v.pipe(v.string(), v.regex(/^[\w.@:+-]{1,128}$/, 'must be 1 to 128 letters, digits or . _ @ : + -'));

export interface CliConfig {
  command: 'serve' | 'token' | 'help' | 'version';
  host: string;
  port: number;
  /** After the drain, the longest graceful shutdown before the process exits anyway, ms. */
  shutdownTimeoutMs: number;
  relay: RelayOptions;
  /** `err`, or, for a ConfigError about one option (thrown by `createRelay`), the same naming its flag or variable. */
  named(err: unknown): unknown;
  token?: { name: string; org: string; id: string; expires: string };
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (err) {
    // One line (the program prints only the first), with node's hint, e.g. "use '--drain=-XYZ'".
    throw new ConfigError((err as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  const { values, positionals } = parsed;
  /** Where a value came from, as errors name it. */
  const source = new Map<Flag, string>();
  const str = (flag: Flag, ...extraEnv: string[]): string | undefined => {
    const given = values[flag];
    if (typeof given === 'string') {
      source.set(flag, `--${flag}`);
      return given;
    }
    for (const name of [`RSW_${flag.toUpperCase().replace(/-/g, '_')}`, ...extraEnv]) {
      if (env[name]) {
        source.set(flag, name);
        return env[name];
      }
    }
    return undefined;
  };
  const refuse = (flag: Flag, message: string, text?: string): never => {
    throw new ConfigError(`${source.get(flag) ?? `--${flag}`} ${message}${text === undefined ? '' : `, got "${text}"`}`);
  };
  const check = <T>(flag: Flag, schema: v.GenericSchema<string, T>, text: string | undefined): T | undefined => {
    if (text === undefined) return undefined;
    const result = v.safeParse(schema, text);
    return result.success ? result.output : refuse(flag, result.issues[0].message, text);
  };
  const count = (flag: Flag, min = 1, max = Number.MAX_SAFE_INTEGER) => check(flag, wholeNumber(min, max), str(flag));
  /** A duration given in whole seconds, as ms. */
  const seconds = (flag: Flag, maxMs: number, min = 1) => {
    const n = check(flag, wholeNumber(min, maxMs / 1000, ' of seconds'), str(flag));
    return n === undefined ? undefined : n * 1000;
  };
  const list = (flag: Flag, ...extraEnv: string[]) => str(flag, ...extraEnv)?.split(',').map((s) => s.trim()).filter(Boolean);
  const bool = (flag: Flag): boolean | undefined => {
    if (values[flag] === true) return true;
    const name = `RSW_${flag.toUpperCase().replace(/-/g, '_')}`;
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    source.set(flag, name);
    if (['1', 'true', 'yes'].includes(text.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(text.toLowerCase())) return false;
    return refuse(flag, 'must be 1 or 0', text);
  };

  if (positionals.length > 0 && positionals[0] !== 'token') throw new ConfigError(`unknown command "${positionals[0]}"`);
  if (positionals.length > 1) throw new ConfigError(`unexpected argument "${positionals[1]}"`);
  const command = values.help ? 'help' : values.version ? 'version' : positionals[0] === 'token' ? 'token' : 'serve';

  const redisUrl = str('redis', 'RELAY_REDIS_URL');
  const keyPrefix = str('redis-prefix');
  if (keyPrefix !== undefined && redisUrl === undefined) throw new ConfigError('--redis-prefix needs --redis');
  const hours = str('hours');
  let businessHours;
  try {
    businessHours = hours ? parseHours(hours) : undefined;
  } catch (err) {
    refuse('hours', (err as Error).message);
  }
  const iceText = str('ice-servers');
  let iceServers: RelayOptions['iceServers'];
  try {
    iceServers = iceText === undefined ? undefined : (JSON.parse(iceText) as RelayOptions['iceServers']);
  } catch {
    refuse('ice-servers', 'must be JSON, e.g. \'[{"urls":"stun:stun.example.com:3478"}]\'');
  }
  const relay: RelayOptions = {
    tokenSecret: str('secret', 'RSW_TOKEN_SECRET'),
    allowedOrigins: list('origins'),
    joinUrl: str('join-url'),
    functions: list('functions') as FunctionId[] | undefined,
    codeLength: count('code-length', 6, 12),
    codeTtlMs: seconds('code-ttl', DURATION_LIMITS_MS.codeTtlMs, 30),
    promptTimeoutMs: seconds('prompt-timeout', DURATION_LIMITS_MS.promptTimeoutMs, 5),
    reconfirmAfterMs: seconds('reconfirm', DURATION_LIMITS_MS.reconfirmAfterMs, 60),
    consentCooldownMs: seconds('consent-cooldown', DURATION_LIMITS_MS.consentCooldownMs, 0),
    resumeGraceMs: seconds('resume-grace', DURATION_LIMITS_MS.resumeGraceMs, 5),
    businessHours,
    maxSessions: count('max-sessions'),
    maxMessageLength: count('max-message'),
    messagesPerMinute: count('messages-per-minute'),
    eventsPerSecond: count('events-per-second'),
    failedJoinsPerAddress: count('failed-joins'),
    failedJoinsGlobal: count('failed-joins-global'),
    leftMessagesPerHour: count('left-messages'),
    queueJoinsPerHour: count('queue-joins'),
    sessionsPerTechnicianPerHour: count('sessions-per-technician'),
    maxLeftMessages: count('max-left-messages'),
    maxPayloadBytes: count('max-payload'),
    maxConnectionsPerAddress: count('max-connections'),
    maxBufferedBytes: count('max-buffered', 1024),
    ipv6PrefixLength: count('ipv6-prefix', 16, 128),
    maxFileBytes: count('max-file'),
    fileBytesPerSecond: count('file-rate'),
    rebootTokenTtlMs: seconds('reboot-ttl', DURATION_LIMITS_MS.rebootTokenTtlMs, 60),
    iceServers,
    turnUrls: list('turn-urls'),
    turnSecret: str('turn-secret'),
    turnTtlMs: seconds('turn-ttl', DURATION_LIMITS_MS.turnTtlMs, 60),
    iceTransportPolicy: str('ice-transport-policy') as RelayOptions['iceTransportPolicy'],
    path: str('path'),
    webhookUrl: str('webhook-url'),
    webhookSecret: str('webhook-secret'),
    webhookIncludeTranscript: bool('webhook-include-transcript'),
    identityProvider: identityProvider(),
    revokedTokens: list('revoked'),
    revokedTokensFile: str('revoked-file'),
    metricsToken: str('metrics-token'),
    trustProxy: bool('trust-proxy') ?? false,
    redis: redisUrl !== undefined && keyPrefix !== undefined ? { url: redisUrl, keyPrefix } : redisUrl,
    drainMs: seconds('drain', DURATION_LIMITS_MS.drainMs, 0),
    logger: str('log-level'),
  };

  function identityProvider(): IdentityProvider | undefined {
    const jwksUrl = str('jwks-url');
    const issuer = str('jwt-issuer');
    const audience = list('jwt-audience');
    const claimsText = str('jwt-claims');
    if (jwksUrl === undefined) {
      if (issuer ?? audience ?? claimsText) throw new ConfigError('--jwt-issuer, --jwt-audience and --jwt-claims need --jwks-url');
      return undefined;
    }
    if (issuer === undefined || audience === undefined) throw new ConfigError('--jwks-url needs --jwt-issuer and --jwt-audience');
    let claims: IdentityProvider['claims'];
    if (claimsText !== undefined) {
      claims = {};
      for (const pair of claimsText.split(',')) {
        const match = /^\s*(id|name|org)\s*=\s*(\S+)\s*$/.exec(pair);
        if (!match) refuse('jwt-claims', 'must be like "id=oid,name=name,org=tenant" (keys id, name, org)', claimsText);
        claims[match![1] as 'id' | 'name' | 'org'] = match![2]!;
      }
    }
    return { jwksUrl, issuer, audience, ...(claims ? { claims } : {}) };
  }

  /** How an error names option `key` (`turnUrls`, `identityProvider.issuer`): the flag or variable it came from. */
  const nameOf = (key: string): string => {
    // The flag of the option, or of the option it is part of (`iceServers.urls` is --ice-servers).
    const parts = key.split('.');
    const flag = parts.map((_, i) => OPTION_FLAGS[parts.slice(0, parts.length - i).join('.')]).find(Boolean);
    return flag ? (source.get(flag) ?? `--${flag}`) : key;
  };
  const named = (err: unknown): unknown => (err instanceof ConfigError && err.option !== undefined ? new ConfigError(err.problem, err.option, nameOf) : err);
  // What createRelay checks, here before anything starts, each problem named as given here.
  resolveOptions(relay, () => '', nameOf);

  const config: CliConfig = {
    command,
    host: str('host') ?? '127.0.0.1',
    port: check('port', wholeNumber(0, 65_535), str('port', 'PORT')) ?? 3000,
    shutdownTimeoutMs: seconds('shutdown-timeout', 10 * 60_000) ?? 10_000,
    relay,
    named,
  };
  if (command === 'token') {
    if (!values.id || !values.name || !values.org) throw new ConfigError('token needs --id, --name and --org');
    if (!relay.tokenSecret) throw new ConfigError('token needs the secret (--secret, RSW_TOKEN_SECRET or RSW_SECRET)');
    config.token = {
      id: check('id', technicianId, values.id)!,
      name: check('name', tokenField(80), values.name)!,
      org: check('org', tokenField(80), values.org)!,
      expires: `${check('expires', tokenSpan, values.expires ?? '12h')!}s`,
    };
  }
  return config;
}
