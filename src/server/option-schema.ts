/**
 * The valibot schema of the relay's options: one place that says what each option may be, used by `createRelay()`
 * (via `resolveOptions`) and by the command line, so that a bad value is refused the same way wherever it comes from.
 */
import * as v from 'valibot';
import { FUNCTION_IDS } from '../protocol/index.js';

/** The longest a Node timer can wait (about 24.8 days); longer timers fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The longest value of each duration option, ms (the shortest is 1 ms, so that tests can run on short timers). */
export const DURATION_LIMITS_MS = {
  codeTtlMs: DAY_MS,
  promptTimeoutMs: 10 * 60_000,
  reconfirmAfterMs: DAY_MS,
  resumeGraceMs: DAY_MS,
  resumeRetryMs: 30_000,
  retainEndedMs: 7 * DAY_MS,
  rebootTokenTtlMs: DAY_MS,
  fileAckTimeoutMs: 10 * 60_000,
  drainMs: 10 * 60_000,
  turnTtlMs: 7 * DAY_MS,
  failedJoinsGlobalDelayMs: 60_000,
  refusalAuditWindowMs: HOUR_MS,
  consentCooldownMs: 10 * 60_000,
} as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const duration = (max: number) =>
  v.pipe(v.number('must be a number'), v.integer('must be a whole number of milliseconds'), v.minValue(1, `must be from 1 to ${max} ms`), v.maxValue(max, `must be from 1 to ${max} ms`));
const count = (min = 1, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

const httpUrl = (what: string) =>
  v.pipe(
    v.string(`must be ${what}`),
    v.check((text) => {
      try {
        const { protocol } = new URL(text);
        return protocol === 'http:' || protocol === 'https:';
      } catch {
        return false;
      }
    }, `must be ${what}`),
  );

/** `*`, or scheme://host[:port] where one host label or the port may be `*` (no path, no trailing slash). */
const ORIGIN_PATTERN = /^(\*|https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?(\.[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?)*)(:(\d{1,5}|\*))?)$/i;

const iceUrl = v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):\S+$/, 'must be stun:, stuns:, turn: or turns: URLs'));
const iceServer = v.object(
  {
    urls: v.union([iceUrl, v.pipe(v.array(iceUrl), v.minLength(1, 'must name at least one URL'))], 'must be stun:, stuns:, turn: or turns: URLs'),
    username: v.optional(v.string()),
    credential: v.optional(v.string()),
  },
  'must be {urls, username?, credential?}',
);

/** A `whsec_` secret of the Standard Webhooks scheme: base64 of 24 to 64 random bytes. */
const webhookSecret = v.pipe(
  v.string('must be a whsec_ secret'),
  v.check((text) => {
    const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(text);
    if (!match) return false;
    const bytes = Buffer.from(match[1]!, 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must be "whsec_" and the base64 of 24 to 64 random bytes (e.g. whsec_$(openssl rand -base64 32))'),
);

/** A mount point: `/`, or segments of URL-safe characters such as `/support` (a trailing slash is dropped). */
const mountPath = v.pipe(v.string('must be a URL path such as /support'), v.regex(/^(\/|(\/[A-Za-z0-9._~-]+)+\/?)$/, 'must be a URL path such as /support (letters, digits, . _ ~ -)'));
const turnUrl = v.pipe(v.string(), v.regex(/^turns?:\S+$/, 'must be a list of turn: or turns: URLs, e.g. turn:turn.example.com:3478?transport=udp'));

const claimName = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(200));

export const IdentityProviderSchema = v.object({
  jwksUrl: httpUrl('an http(s) URL of a JWKS'),
  issuer: v.pipe(v.string('must be the issuer (iss) of the tokens'), v.minLength(1, 'must not be empty')),
  audience: v.union(
    [v.pipe(v.string(), v.minLength(1)), v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1))],
    'must be the audience (aud) of the tokens, or a list of them',
  ),
  algorithms: v.optional(v.pipe(v.array(v.picklist(['RS256', 'ES256'], 'must be RS256 or ES256')), v.minLength(1, 'must name at least one algorithm'))),
  claims: v.optional(v.object({ id: v.optional(claimName), name: v.optional(claimName), org: v.optional(claimName) })),
  cooldownMs: v.optional(duration(DAY_MS)),
  clockToleranceSeconds: v.optional(count(0, 300)),
});

const optional = <T extends v.GenericSchema>(schema: T) => v.optional(schema);

/** Business hours as `parseHours` gives them; the command line's text itself is not one (validateHours checks the values). */
const HOURS_SHAPE = 'must be { days, open, close, timeZone }, e.g. parseHours("1-5 08:00-16:00 Europe/Warsaw")';
const businessHours = v.object(
  {
    timeZone: v.string(HOURS_SHAPE),
    days: v.array(v.number(HOURS_SHAPE), HOURS_SHAPE),
    open: v.string(HOURS_SHAPE),
    close: v.string(HOURS_SHAPE),
  },
  HOURS_SHAPE,
);

/** What each option of `RelayOptions` may be (the values given; defaults are filled in afterwards). */
export const RelayOptionsSchema = v.object({
  tokenSecret: optional(v.pipe(v.string('must be a string'), v.minLength(32, 'must be at least 32 characters long'))),
  allowedOrigins: optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.regex(ORIGIN_PATTERN, 'must be origins like https://help.example.com or https://*.example.com, without a path'))),
      v.minLength(1, 'must name at least one origin'),
    ),
  ),
  joinUrl: optional(httpUrl('an http(s) URL')),
  functions: optional(v.pipe(v.array(v.picklist(FUNCTION_IDS, `must name known functions: ${FUNCTION_IDS.join(', ')}`)), v.minLength(1, 'must name at least one function'))),
  codeLength: optional(count(6, 12)),
  businessHours: optional(businessHours),
  codeTtlMs: optional(duration(DURATION_LIMITS_MS.codeTtlMs)),
  promptTimeoutMs: optional(duration(DURATION_LIMITS_MS.promptTimeoutMs)),
  reconfirmAfterMs: optional(duration(DURATION_LIMITS_MS.reconfirmAfterMs)),
  resumeGraceMs: optional(duration(DURATION_LIMITS_MS.resumeGraceMs)),
  resumeRetryMs: optional(duration(DURATION_LIMITS_MS.resumeRetryMs)),
  retainEndedMs: optional(duration(DURATION_LIMITS_MS.retainEndedMs)),
  rebootTokenTtlMs: optional(duration(DURATION_LIMITS_MS.rebootTokenTtlMs)),
  fileAckTimeoutMs: optional(duration(DURATION_LIMITS_MS.fileAckTimeoutMs)),
  drainMs: optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number of milliseconds'), v.minValue(0, 'must not be negative'), v.maxValue(DURATION_LIMITS_MS.drainMs, `must be at most ${DURATION_LIMITS_MS.drainMs} ms`))),
  maxSessions: optional(count()),
  maxMessageLength: optional(count(1, 10_000)),
  messagesPerMinute: optional(count()),
  eventsPerSecond: optional(count()),
  failedJoinsPerAddress: optional(count()),
  failedJoinsGlobal: optional(count()),
  failedJoinsGlobalDelayMs: optional(duration(DURATION_LIMITS_MS.failedJoinsGlobalDelayMs)),
  leftMessagesPerHour: optional(count()),
  queueJoinsPerHour: optional(count()),
  sessionsPerTechnicianPerHour: optional(count()),
  maxLeftMessages: optional(count()),
  refusalsBeforeDisconnect: optional(count()),
  refusalAuditWindowMs: optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number of milliseconds'), v.minValue(0, 'must not be negative'), v.maxValue(DURATION_LIMITS_MS.refusalAuditWindowMs, `must be at most ${DURATION_LIMITS_MS.refusalAuditWindowMs} ms`))),
  consentCooldownMs: optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number of milliseconds'), v.minValue(0, 'must not be negative'), v.maxValue(DURATION_LIMITS_MS.consentCooldownMs, `must be at most ${DURATION_LIMITS_MS.consentCooldownMs} ms`))),
  chatHistoryLimit: optional(count()),
  maxPayloadBytes: optional(count(1024, 100 * 1024 * 1024)),
  maxConnectionsPerAddress: optional(count()),
  maxBufferedBytes: optional(count(1024)),
  ipv6PrefixLength: optional(count(16, 128)),
  maxFileBytes: optional(count(1, 2 ** 31)),
  fileBytesPerSecond: optional(count()),
  trustProxy: optional(v.boolean('must be true or false')),
  iceServers: optional(v.array(iceServer, 'must be a list of {urls, username?, credential?}')),
  turnUrls: optional(v.array(turnUrl, 'must be a list of turn: or turns: URLs, e.g. turn:turn.example.com:3478?transport=udp')),
  turnSecret: optional(v.pipe(v.string('must be a string'), v.minLength(16, "must be at least 16 characters (the TURN server's static-auth-secret)"))),
  turnTtlMs: optional(duration(DURATION_LIMITS_MS.turnTtlMs)),
  iceTransportPolicy: optional(v.picklist(['all', 'relay'], 'must be all or relay')),
  path: optional(mountPath),
  webhookUrl: optional(httpUrl('an http(s) URL')),
  webhookSecret: optional(webhookSecret),
  webhookIncludeTranscript: optional(v.boolean('must be true or false')),
  identityProvider: optional(IdentityProviderSchema),
  revokedTokens: optional(v.array(v.pipe(v.string(), v.minLength(1, 'must not hold empty entries'), v.maxLength(512)))),
  revokedTokensFile: optional(v.pipe(v.string(), v.minLength(1, 'must be a file path'))),
  metricsToken: optional(
    v.pipe(
      v.string('must be a string'),
      v.minLength(16, 'must be at least 16 characters (e.g. openssl rand -hex 24)'),
      v.maxLength(512, 'must be at most 512 characters'),
      v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    ),
  ),
  logger: optional(v.union([v.picklist(LOG_LEVELS), v.custom<object>((x) => typeof x === 'object' && x !== null)], `must be a pino logger or one of ${LOG_LEVELS.join(', ')}`)),
});

export const RedisSettingsSchema = v.object({
  url: v.pipe(
    v.string('must be a redis:// or rediss:// URL'),
    v.check((text) => {
      try {
        return ['redis:', 'rediss:'].includes(new URL(text).protocol);
      } catch {
        return false;
      }
    }, 'must be a redis:// or rediss:// URL'),
  ),
  keyPrefix: v.optional(v.pipe(v.string('must be a string'), v.maxLength(100, 'must be at most 100 characters'))),
  sweepIntervalMs: v.optional(duration(60_000)),
  processTimeoutMs: v.optional(duration(10 * 60_000)),
  connectTimeoutMs: v.optional(duration(10 * 60_000)),
});

export interface OptionProblem {
  /** The option's path, e.g. `codeTtlMs`, `allowedOrigins`, `identityProvider.issuer`. */
  key: string;
  message: string;
}

/** The first problem of `value` against `schema`, or undefined when it is valid. Array indexes are left out of the key. */
export function firstProblem(schema: v.GenericSchema, value: unknown): OptionProblem | undefined {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return undefined;
  const issue = result.issues[0];
  const key = (issue.path ?? [])
    .map((item) => item.key)
    .filter((k): k is string => typeof k === 'string')
    .join('.');
  return { key, message: issue.message };
}
