import type { Logger } from 'pino';
import { FUNCTION_IDS, type FunctionId, type HoursInfo, type IceServer } from '../protocol/index.js';
import { validateHours } from './hours.js';
import type { RelayStore } from './store.js';

export interface RelayOptions {
  /** Secret (≥ 32 characters) that signs technician tokens. Without it the relay runs in development mode with a random secret and prints a development token. */
  tokenSecret?: string;
  /** Origins allowed to open the customer namespace (exact origins, or `*` as a port/subdomain wildcard, e.g. `https://*.example.com`). Default: loopback origins on any port. */
  allowedOrigins?: string[];
  /** Vendor help page used to build join links (`<joinUrl>?rsw-code=123456`). */
  joinUrl?: string;
  /** Functions the vendor offers. Default: all five. */
  functions?: FunctionId[];
  /** Digits in a session code. Default 6. */
  codeLength?: number;
  /** How long an unused code stays valid, ms. Default 10 min. */
  codeTtlMs?: number;
  /** How long the customer has to answer a consent prompt, ms. Default 60 s. */
  promptTimeoutMs?: number;
  /** How long a control grant lasts before it must be re-confirmed, ms. Default 30 min. */
  reconfirmAfterMs?: number;
  /** How long a dropped participant may take to resume, ms. Default 2 min. */
  resumeGraceMs?: number;
  /** How long an ended session's audit log and transcript stay fetchable, ms. Default 1 h. */
  retainEndedMs?: number;
  /** Business hours; outside them customers cannot join or queue. Default: always open. */
  businessHours?: HoursInfo;
  /** Cap on live (open, queued or active) sessions. Default 10,000. */
  maxSessions?: number;
  /** Characters in one chat message. Default 2,000. */
  maxMessageLength?: number;
  /** Chat messages one socket may send per minute. Default 60. */
  messagesPerMinute?: number;
  /** Events of any kind one socket may send per second. Default 50. */
  eventsPerSecond?: number;
  /** Failed code attempts per client address per 15 minutes. Default 10. */
  failedJoinsPerAddress?: number;
  /** Failed code attempts over all clients per minute. Default 300. */
  failedJoinsGlobal?: number;
  /** Messages left (`message:leave`) per client address per hour. Default 3. */
  leftMessagesPerHour?: number;
  /** Left messages kept for the console's list, newest first; older ones are forgotten. Default 500. */
  maxLeftMessages?: number;
  /** Largest single socket.io message, bytes. Default 512 KiB. */
  maxPayloadBytes?: number;
  /** Take the client address from the last `X-Forwarded-For` entry, the one your proxy added (only behind one proxy you trust). Default false. */
  trustProxy?: boolean;
  /** ICE servers (STUN/TURN) for the screen-sharing peer connection, handed to both sides. Default none: host candidates only, which works on one machine or one network. */
  iceServers?: IceServer[];
  /** Largest file one side may send the other, bytes. Default 25 MB (25 × 1024 × 1024). */
  maxFileBytes?: number;
  /** How long the reboot resume token of `reboot:request` stays valid, ms. Default 15 min. */
  rebootTokenTtlMs?: number;
  /** File data one socket may send per second in `file:chunk` events, bytes (chunks do not count against `eventsPerSecond`). Default 8 MiB. */
  fileBytesPerSecond?: number;
  /** How long the relay waits for the receiver to acknowledge a file chunk before it cancels the transfer, ms. Default 30 s. */
  fileAckTimeoutMs?: number;
  /** Where the relay POSTs signed JSON notifications of grant changes and session ends (an agent acts only while a grant is live). Default: none. */
  webhookUrl?: string;
  /** The HMAC-SHA256 secret (≥ 16 characters) that signs webhook requests; required with `webhookUrl`. */
  webhookSecret?: string;
  /** Session store. Default: in memory (one process), or Redis with `redis`. */
  store?: RelayStore;
  /**
   * Redis shared by several relay processes (sessions, consent, limits, socket.io rooms): a `redis://` or `rediss://`
   * URL, or one with settings. Default: none (everything in this process's memory).
   */
  redis?: string | RedisSettings;
  /** A pino logger, or a level for the built-in one. Default level `info`. */
  logger?: Logger | string;
}

export interface RedisSettings {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. */
  url: string;
  /** Prefix of every key, stream and channel, so that several deployments can share one Redis. Default `rsw:`. */
  keyPrefix?: string;
  /** How often each process looks for deadlines of sessions whose process died, and for dead processes, ms. Default 1 s. */
  sweepIntervalMs?: number;
  /** A process without a heartbeat for this long is taken for dead: its connections count as dropped, ms. Default 15 s. */
  processTimeoutMs?: number;
  /** How long to wait for Redis at start-up, ms. Default 10 s. */
  connectTimeoutMs?: number;
}

export type ResolvedOptions = Required<
  Omit<RelayOptions, 'tokenSecret' | 'joinUrl' | 'businessHours' | 'store' | 'logger' | 'redis' | 'webhookUrl' | 'webhookSecret'>
> & {
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
  retainEndedMs: 60 * 60_000,
  maxSessions: 10_000,
  maxMessageLength: 2_000,
  messagesPerMinute: 60,
  eventsPerSecond: 50,
  failedJoinsPerAddress: 10,
  failedJoinsGlobal: 300,
  leftMessagesPerHour: 3,
  maxLeftMessages: 500,
  maxPayloadBytes: 512 * 1024,
  maxFileBytes: 25 * 1024 * 1024,
  rebootTokenTtlMs: 15 * 60_000,
  fileBytesPerSecond: 8 * 1024 * 1024,
  fileAckTimeoutMs: 30_000,
  trustProxy: false,
} as const;

function validateIceServers(servers: unknown): void {
  const isUrl = (u: unknown) => typeof u === 'string' && /^(stun|stuns|turn|turns):/.test(u);
  const valid =
    Array.isArray(servers) &&
    servers.every(
      (s: unknown) =>
        typeof s === 'object' &&
        s !== null &&
        (isUrl((s as IceServer).urls) || (Array.isArray((s as IceServer).urls) && (s as { urls: unknown[] }).urls.length > 0 && (s as { urls: unknown[] }).urls.every(isUrl))),
    );
  if (!valid) throw new ConfigError('iceServers must be a list of {urls, username?, credential?} with stun:, stuns:, turn: or turns: URLs');
}

export const REDIS_DEFAULTS = {
  keyPrefix: 'rsw:',
  sweepIntervalMs: 1000,
  processTimeoutMs: 15_000,
  connectTimeoutMs: 10_000,
} as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function resolveOptions(options: RelayOptions, randomSecret: () => string): ResolvedOptions {
  const devMode = options.tokenSecret === undefined;
  const tokenSecret = options.tokenSecret ?? randomSecret();
  if (tokenSecret.length < 32) throw new ConfigError('tokenSecret must be at least 32 characters long');
  const { store, logger: _logger, redis, ...rest } = options;
  const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Partial<RelayOptions>;
  const resolved = {
    ...DEFAULTS,
    allowedOrigins: LOOPBACK_ORIGINS,
    functions: [...FUNCTION_IDS],
    iceServers: [],
    ...given,
    tokenSecret,
    devMode,
  } as ResolvedOptions;
  if (redis !== undefined) {
    if (store) throw new ConfigError('give either store or redis, not both');
    resolved.redis = resolveRedis(redis);
  }
  if (resolved.businessHours) {
    try {
      validateHours(resolved.businessHours);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  }
  if (!Number.isInteger(resolved.codeLength) || resolved.codeLength < 6 || resolved.codeLength > 12) {
    throw new ConfigError('codeLength must be a whole number from 6 to 12');
  }
  for (const key of ['codeTtlMs', 'promptTimeoutMs', 'reconfirmAfterMs', 'resumeGraceMs', 'maxSessions', 'maxMessageLength', 'messagesPerMinute', 'eventsPerSecond', 'failedJoinsPerAddress', 'failedJoinsGlobal', 'leftMessagesPerHour', 'maxLeftMessages', 'maxPayloadBytes', 'maxFileBytes', 'rebootTokenTtlMs', 'fileBytesPerSecond', 'fileAckTimeoutMs'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${key} must be a positive number`);
  }
  validateIceServers(resolved.iceServers);
  if (resolved.webhookUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(resolved.webhookUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new ConfigError('webhookUrl must be an http(s) URL');
    if (!resolved.webhookSecret || resolved.webhookSecret.length < 16) throw new ConfigError('webhookUrl needs a webhookSecret of at least 16 characters');
  }
  if (resolved.functions.length === 0) throw new ConfigError('functions must name at least one function');
  for (const fn of resolved.functions) {
    if (!FUNCTION_IDS.includes(fn)) throw new ConfigError(`unknown function "${String(fn)}"; known: ${FUNCTION_IDS.join(', ')}`);
  }
  return resolved;
}

function resolveRedis(redis: string | RedisSettings): Required<RedisSettings> {
  const settings = typeof redis === 'string' ? { url: redis } : redis;
  let protocol = '';
  try {
    protocol = new URL(settings.url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new ConfigError('redis must be a redis:// or rediss:// URL');
  const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  const resolved = { ...REDIS_DEFAULTS, ...given } as Required<RedisSettings>;
  for (const key of ['sweepIntervalMs', 'processTimeoutMs', 'connectTimeoutMs'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] <= 0) throw new ConfigError(`redis.${key} must be a positive number`);
  }
  return resolved;
}
