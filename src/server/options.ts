import type { Logger } from 'pino';
import { FUNCTION_IDS, type FunctionId, type HoursInfo, type IceServer } from '../protocol/index.js';
import { validateHours } from './hours.js';
import { firstProblem, RedisSettingsSchema, RelayOptionsSchema } from './option-schema.js';
import type { RelayStore } from './store.js';

export interface RelayOptions {
  /** Secret (≥ 32 characters) that signs technician tokens. Without it the relay runs in development mode with a random secret and prints a development token. */
  tokenSecret?: string | undefined;
  /** Origins allowed to open the customer namespace (exact origins, or `*` as a port/subdomain wildcard, e.g. `https://*.example.com`). Default: loopback origins on any port. */
  allowedOrigins?: string[] | undefined;
  /** Vendor help page used to build join links (`<joinUrl>?rsw-code=123456`). */
  joinUrl?: string | undefined;
  /** Functions the vendor offers. Default: all five. */
  functions?: FunctionId[] | undefined;
  /** Digits in a session code. Default 6. */
  codeLength?: number | undefined;
  /** How long an unused code stays valid, ms. Default 10 min. */
  codeTtlMs?: number | undefined;
  /** How long the customer has to answer a consent prompt, ms. Default 60 s. */
  promptTimeoutMs?: number | undefined;
  /** How long a control grant lasts before it must be re-confirmed, ms. Default 30 min. */
  reconfirmAfterMs?: number | undefined;
  /** How long a dropped participant may take to resume, ms. Default 2 min. */
  resumeGraceMs?: number | undefined;
  /** How long the token a resume replaced still answers a retry of that resume (its answer lost or late), ms. Default 30 s, at most 30 s. */
  resumeRetryMs?: number | undefined;
  /** How long an ended session's audit log and transcript stay fetchable, ms. Default 1 h. */
  retainEndedMs?: number | undefined;
  /** Chat messages the in-memory store keeps per session; beyond it the oldest are dropped. Default 1,000. (Redis keeps all until the session expires.) */
  chatHistoryLimit?: number | undefined;
  /** Business hours; outside them customers cannot join or queue. Default: always open. */
  businessHours?: HoursInfo | undefined;
  /** Cap on live (open, queued or active) sessions. Default 10,000. */
  maxSessions?: number | undefined;
  /** Characters in one chat message. Default 2,000. */
  maxMessageLength?: number | undefined;
  /** Chat messages one socket may send per minute. Default 60. */
  messagesPerMinute?: number | undefined;
  /** Events of any kind one socket may send per second. Default 50. */
  eventsPerSecond?: number | undefined;
  /** Failed code attempts per client address per 15 minutes. Default 10. */
  failedJoinsPerAddress?: number | undefined;
  /** Failed code attempts over all clients per minute; beyond it every code attempt waits `failedJoinsGlobalDelayMs` (never refused). Default 300. */
  failedJoinsGlobal?: number | undefined;
  /** How long a code attempt waits while `failedJoinsGlobal` is used up, ms. Default 2 s. */
  failedJoinsGlobalDelayMs?: number | undefined;
  /** Messages left (`message:leave`) per client address per hour. Default 3. */
  leftMessagesPerHour?: number | undefined;
  /** Places taken in the support queue (`queue:join`) per client address per hour. Default 20. */
  queueJoinsPerHour?: number | undefined;
  /** Sessions one technician (token `sub`) creates (`session:create`) per hour. Default 120. */
  sessionsPerTechnicianPerHour?: number | undefined;
  /** Left messages kept for the console's list, newest first; older ones are forgotten. Default 500. */
  maxLeftMessages?: number | undefined;
  /** Largest single socket.io message, bytes (engine.io's `maxHttpBufferSize`); each event also has a far smaller limit of its own, file chunks aside. Default 512 KiB. */
  maxPayloadBytes?: number | undefined;
  /** Open connections (WebSocket or long-polling) from one address, IPv6 addresses grouped by `ipv6PrefixLength`. Default 100. */
  maxConnectionsPerAddress?: number | undefined;
  /** Bytes waiting to go out to one connection before the relay cuts it off (a client that does not read). Default 8 MiB. */
  maxBufferedBytes?: number | undefined;
  /** IPv6 addresses count by this prefix, bits, for connection caps and failed-code limits (one client often holds a whole /64). Default 64. */
  ipv6PrefixLength?: number | undefined;
  /** Where the relay is mounted, e.g. `/support`: socket.io at `<path>/socket.io/`, health at `<path>/healthz`. Default: the root. */
  path?: string | undefined;
  /** Take the client address from the last `X-Forwarded-For` entry, the one your proxy added (only behind one proxy you trust). Default false. */
  trustProxy?: boolean | undefined;
  /** ICE servers (STUN/TURN) for the screen-sharing peer connection, handed to both sides. Default none: host candidates only, which works on one machine or one network. */
  iceServers?: IceServer[] | undefined;
  /**
   * TURN servers (`turn:` / `turns:` URLs) for which each participant gets credentials of its own in the `rtc` of its
   * join / create / attach result, made with `turnSecret` (the TURN REST API scheme of coturn's `use-auth-secret`).
   */
  turnUrls?: string[] | undefined;
  /** The secret shared with the TURN server (coturn `static-auth-secret`), ≥ 16 characters; required with `turnUrls`. It never leaves the relay. */
  turnSecret?: string | undefined;
  /** How long the TURN credentials handed to a participant stay valid, ms. Default 12 h (a session's screen sharing may start late in it). */
  turnTtlMs?: number | undefined;
  /** `relay` makes both browsers use TURN only (the video always flows through your TURN server, neither side learns the other's address); `all` also tries direct routes. Default `all`. */
  iceTransportPolicy?: 'all' | 'relay' | undefined;
  /** Largest file one side may send the other, bytes. Default 25 MB (25 × 1024 × 1024). */
  maxFileBytes?: number | undefined;
  /** How long the reboot resume token of `reboot:request` stays valid, ms. Default 15 min. */
  rebootTokenTtlMs?: number | undefined;
  /** File data one socket may send per second in `file:chunk` events, bytes (each chunk also takes one of `eventsPerSecond`). Default 8 MiB. */
  fileBytesPerSecond?: number | undefined;
  /** How long the relay waits for the receiver to acknowledge a file chunk before it cancels the transfer, ms. Default 30 s. */
  fileAckTimeoutMs?: number | undefined;
  /** Events refused over a socket's budget (`eventsPerSecond`, `fileBytesPerSecond`) in a row before the relay disconnects it. Default 100. */
  refusalsBeforeDisconnect?: number | undefined;
  /** Repeated `use-refused` audit lines of one function and actor within this window are collapsed into one with a count, ms; 0 writes every one. Default 60 s. */
  refusalAuditWindowMs?: number | undefined;
  /**
   * After the customer denies a request for a function, lets it expire, or revokes its grant, a new request for that
   * function in the session is refused (`rate-limited`, `retryAfter`) for this long, ms; each further such answer about
   * the same function in the session makes the wait longer (×3, ×6, then ×12 for every one after). 0 turns it off.
   * Default 10 s (then 30 s, 1 min, 2 min).
   */
  consentCooldownMs?: number | undefined;
  /** Where the relay POSTs signed JSON notifications of grant changes and session ends (an agent acts only while a grant is live). Default: none. */
  webhookUrl?: string | undefined;
  /**
   * The secret that signs webhook requests (Standard Webhooks): `whsec_` and the base64 of 24 to 64 random bytes, e.g.
   * `whsec_$(openssl rand -base64 32)`; required with `webhookUrl`.
   */
  webhookSecret?: string | undefined;
  /** Adds the transcript and the audit log to the webhook's `session.ended` event, so that a vendor can file a ticket. Default false. */
  webhookIncludeTranscript?: boolean | undefined;
  /** Technician sign-in through the vendor's identity provider (RS256/ES256 tokens checked against its JWKS), next to the relay's own HS256 tokens. */
  identityProvider?: IdentityProvider | undefined;
  /** Revoked technician tokens: each entry is matched against a token's `jti` and its `sub` (the technician id). */
  revokedTokens?: string[] | undefined;
  /** A file with more revoked `jti`/`sub` values, one per line (`#` starts a comment); re-read when it changes. */
  revokedTokensFile?: string | undefined;
  /**
   * Serves Prometheus metrics at `<path>/metrics` to requests with `Authorization: Bearer <metricsToken>` (16 to 512
   * printable characters); any other request gets 401. Default: none (`/metrics` is not served; `relay.metrics` still counts).
   */
  metricsToken?: string | undefined;
  /** How long `/healthz` answers 503 `draining` on shutdown before the relay stops taking connections, ms. Default 0. */
  drainMs?: number | undefined;
  /** Session store. Default: in memory (one process), or Redis with `redis`. */
  store?: RelayStore | undefined;
  /**
   * Redis shared by several relay processes (sessions, consent, limits, socket.io rooms): a `redis://` or `rediss://`
   * URL, or one with settings. Default: none (everything in this process's memory).
   */
  redis?: string | RedisSettings | undefined;
  /** A pino logger, or a level for the built-in one. Default level `info`. */
  logger?: Logger | string | undefined;
}

export interface IdentityProvider {
  /** The provider's JWKS, e.g. `https://login.example.com/.well-known/jwks.json`; fetched again when a token names an unknown key. */
  jwksUrl: string;
  /** The tokens' `iss`. */
  issuer: string;
  /** The tokens' `aud` (one of them). */
  audience: string | string[];
  /** Accepted signature algorithms. Default RS256 and ES256. */
  algorithms?: Array<'RS256' | 'ES256'>;
  /** Claims that carry the technician's id, name and organisation. Default `sub`, `name`, `org`. */
  claims?: { id?: string; name?: string; org?: string };
  /** Least time between two fetches of the JWKS, ms. Default 30 s. */
  cooldownMs?: number;
  /** Clock skew allowed on `exp`/`nbf`, seconds. Default 30. */
  clockToleranceSeconds?: number;
}

export interface RedisSettings {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. */
  url: string;
  /** Prefix of every key, stream and channel, so that several deployments can share one Redis. Default `rsw:`. */
  keyPrefix?: string | undefined;
  /** How often each process looks for deadlines of sessions whose process died, and for dead processes, ms. Default 1 s. */
  sweepIntervalMs?: number | undefined;
  /** A process without a heartbeat for this long is taken for dead: its connections count as dropped, ms. Default 15 s. */
  processTimeoutMs?: number | undefined;
  /** How long to wait for Redis at start-up, ms. Default 10 s. */
  connectTimeoutMs?: number | undefined;
}

export type ResolvedOptions = Required<
  Omit<RelayOptions, 'tokenSecret' | 'joinUrl' | 'businessHours' | 'store' | 'logger' | 'redis' | 'webhookUrl' | 'webhookSecret' | 'identityProvider' | 'revokedTokensFile' | 'turnSecret' | 'metricsToken'>
> & {
  metricsToken?: string;
  identityProvider?: IdentityProvider;
  revokedTokensFile?: string;
  turnSecret?: string;
  tokenSecret: string;
  devMode: boolean;
  joinUrl?: string;
  businessHours?: HoursInfo;
  webhookUrl?: string;
  webhookSecret?: string;
  redis?: Required<RedisSettings>;
};

export const LOOPBACK_ORIGINS = [
  'http://localhost',
  'http://localhost:*',
  'http://127.0.0.1',
  'http://127.0.0.1:*',
  'http://[::1]:*',
  'https://localhost',
  'https://localhost:*',
];

export const DEFAULTS = {
  codeLength: 6,
  codeTtlMs: 10 * 60_000,
  promptTimeoutMs: 60_000,
  reconfirmAfterMs: 30 * 60_000,
  resumeGraceMs: 2 * 60_000,
  resumeRetryMs: 30_000,
  retainEndedMs: 60 * 60_000,
  chatHistoryLimit: 1000,
  maxSessions: 10_000,
  maxMessageLength: 2_000,
  messagesPerMinute: 60,
  eventsPerSecond: 50,
  failedJoinsPerAddress: 10,
  failedJoinsGlobal: 300,
  failedJoinsGlobalDelayMs: 2_000,
  leftMessagesPerHour: 3,
  queueJoinsPerHour: 20,
  sessionsPerTechnicianPerHour: 120,
  maxLeftMessages: 500,
  maxPayloadBytes: 512 * 1024,
  maxConnectionsPerAddress: 100,
  maxBufferedBytes: 8 * 1024 * 1024,
  ipv6PrefixLength: 64,
  maxFileBytes: 25 * 1024 * 1024,
  rebootTokenTtlMs: 15 * 60_000,
  fileBytesPerSecond: 8 * 1024 * 1024,
  fileAckTimeoutMs: 30_000,
  refusalsBeforeDisconnect: 100,
  refusalAuditWindowMs: 60_000,
  consentCooldownMs: 10_000,
  trustProxy: false,
  webhookIncludeTranscript: false,
  revokedTokens: [],
  drainMs: 0,
  path: '',
  turnTtlMs: 12 * 60 * 60_000,
  iceTransportPolicy: 'all',
} as const;

/** How an error names an option (its key, e.g. `turnUrls` or `redis.keyPrefix`); the command line names its flag or variable. */
export type OptionName = (option: string) => string;

/** What the schema cannot check alone: TURN settings that need each other. */
function validateTurn(
  { turnUrls = [], turnSecret, iceTransportPolicy, iceServers = [] }: Pick<RelayOptions, 'turnUrls' | 'turnSecret' | 'iceTransportPolicy' | 'iceServers'>,
  name: OptionName,
): void {
  if (turnUrls.length > 0 && turnSecret === undefined) {
    throw new ConfigError(`needs a ${name('turnSecret')} of at least 16 characters (the TURN server's static-auth-secret)`, 'turnUrls', name);
  }
  if (turnSecret !== undefined && turnUrls.length === 0) throw new ConfigError(`needs ${name('turnUrls')}`, 'turnSecret', name);
  const staticTurn = iceServers.some((s) => [s.urls].flat().some((u) => /^turns?:/.test(u)));
  if (iceTransportPolicy === 'relay' && turnUrls.length === 0 && !staticTurn) {
    throw new ConfigError(`relay needs a TURN server (${name('turnUrls')}, or a turn: entry in ${name('iceServers')})`, 'iceTransportPolicy', name);
  }
}

export const REDIS_DEFAULTS = {
  keyPrefix: 'rsw:',
  sweepIntervalMs: 1000,
  processTimeoutMs: 15_000,
  connectTimeoutMs: 10_000,
} as const;

export class ConfigError extends Error {
  override name = 'ConfigError';

  /**
   * `problem` alone, or with `option` (the option's key, e.g. `revokedTokensFile` or `redis.keyPrefix`) named in front
   * of it as `name` names it (by default its key), so that the command line can name its flag or environment variable
   * instead.
   */
  constructor(
    readonly problem: string,
    readonly option?: string,
    name: OptionName = (key) => key,
  ) {
    super(option === undefined ? problem : `${name(option)} ${problem}`);
  }
}

/**
 * The options with their defaults, each checked: a bad one is a ConfigError naming it as `name` does (by default its
 * key; the command line passes the flag or environment variable each value came from).
 */
export function resolveOptions(options: RelayOptions, randomSecret: () => string, name: OptionName = (key) => key): ResolvedOptions {
  const { store, logger: _logger, redis, ...rest } = options;
  const problem = firstProblem(RelayOptionsSchema, options);
  if (problem) throw new ConfigError(problem.message, problem.key || undefined, name);
  const devMode = options.tokenSecret === undefined;
  const tokenSecret = options.tokenSecret ?? randomSecret();
  const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Partial<RelayOptions>;
  const resolved = {
    ...DEFAULTS,
    allowedOrigins: LOOPBACK_ORIGINS,
    functions: [...FUNCTION_IDS],
    iceServers: [],
    turnUrls: [],
    ...given,
    tokenSecret,
    devMode,
  } as ResolvedOptions;
  if (redis !== undefined) {
    if (store) throw new ConfigError('give either store or redis, not both');
    resolved.redis = resolveRedis(redis, name);
  }
  if (resolved.businessHours) {
    try {
      validateHours(resolved.businessHours);
    } catch (err) {
      throw new ConfigError((err as Error).message, 'businessHours', name);
    }
  }
  if (resolved.webhookUrl !== undefined && resolved.webhookSecret === undefined) throw new ConfigError(`needs a ${name('webhookSecret')}`, 'webhookUrl', name);
  resolved.path = normalizePath(resolved.path);
  validateTurn(resolved, name);
  return resolved;
}

/** A mount point as the schema let it through (`/support`, `/support/`, `/`) → '' (the root) or '/support'. */
function normalizePath(path: string): string {
  return path.replace(/\/+$/, '');
}

function resolveRedis(redis: string | RedisSettings, name: OptionName): Required<RedisSettings> {
  const settings = typeof redis === 'string' ? { url: redis } : redis;
  const problem = firstProblem(RedisSettingsSchema, settings);
  if (problem) throw new ConfigError(problem.message, `redis${problem.key === 'url' ? '' : `.${problem.key}`}`, name);
  const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return { ...REDIS_DEFAULTS, ...given } as Required<RedisSettings>;
}
