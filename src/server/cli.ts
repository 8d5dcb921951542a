/** Command-line and environment configuration of the relay (flags win over environment variables). */
import { parseArgs } from 'node:util';
import { FUNCTION_IDS, type FunctionId } from '../protocol/index.js';
import { parseHours } from './hours.js';
import { ConfigError, type RelayOptions } from './options.js';

export const USAGE = `Usage: remote-support-relay [options]
       remote-support-relay token --name NAME --org ORG [--id ID] [--expires 12h]

Options (environment variable in brackets):
  --host HOST                 address to listen on            [RSW_HOST]            default 127.0.0.1
  --port PORT                 port to listen on               [RSW_PORT, PORT]      default 3000
  --origins LIST              allowed customer origins, comma-separated, * wildcards
                                                              [RSW_ORIGINS]         default loopback origins
  --secret SECRET             technician token secret, >= 32 chars
                                                              [RSW_TOKEN_SECRET]    default: development mode
  --join-url URL              help page for join links        [RSW_JOIN_URL]
  --functions LIST            offered functions, comma-separated
                                                              [RSW_FUNCTIONS]       default all five
  --code-length N             digits in a code                [RSW_CODE_LENGTH]     default 6
  --code-ttl SECONDS          lifetime of an unused code      [RSW_CODE_TTL]        default 600
  --prompt-timeout SECONDS    time to answer a prompt         [RSW_PROMPT_TIMEOUT]  default 60
  --reconfirm SECONDS         control grants re-confirmed after
                                                              [RSW_RECONFIRM]       default 1800
  --resume-grace SECONDS      time to resume after a drop     [RSW_RESUME_GRACE]    default 120
  --hours "DAYS HH:MM-HH:MM TZ"  business hours, e.g. "1-5 08:00-16:00 Europe/Warsaw"
                                                              [RSW_HOURS]           default always open
  --max-sessions N            cap on live sessions            [RSW_MAX_SESSIONS]    default 10000
  --max-message N             characters per chat message     [RSW_MAX_MESSAGE]     default 2000
  --messages-per-minute N     chat messages per socket        [RSW_MESSAGES_PER_MINUTE] default 60
  --events-per-second N       events per socket               [RSW_EVENTS_PER_SECOND]   default 50
  --failed-joins N            failed codes per address / 15 min
                                                              [RSW_FAILED_JOINS]    default 10
  --failed-joins-global N     failed codes, all clients / min [RSW_FAILED_JOINS_GLOBAL] default 300
  --left-messages N           messages left per address / hour [RSW_LEFT_MESSAGES]  default 3
  --max-left-messages N       left messages kept for the console [RSW_MAX_LEFT_MESSAGES] default 500
  --max-payload BYTES         largest socket.io message       [RSW_MAX_PAYLOAD]     default 524288
  --max-file BYTES            largest file transfer           [RSW_MAX_FILE]        default 26214400
  --file-rate BYTES           file data per socket per second [RSW_FILE_RATE]       default 8388608
  --reboot-ttl SECONDS        lifetime of a reboot token      [RSW_REBOOT_TTL]      default 900
  --ice-servers JSON          STUN/TURN servers for screen sharing, e.g. '[{"urls":"stun:stun.example.com"}]'
                                                              [RSW_ICE_SERVERS]     default none
  --webhook-url URL           POST signed grant changes and session ends here
                                                              [RSW_WEBHOOK_URL]
  --webhook-secret SECRET     HMAC secret of the webhook, >= 16 chars
                                                              [RSW_WEBHOOK_SECRET]
  --trust-proxy               client address from X-Forwarded-For
                                                              [RSW_TRUST_PROXY=1]
  --redis URL                 share sessions with other relay processes through Redis,
                              redis://[user:password@]host[:port][/db] or rediss://…
                                                              [RELAY_REDIS_URL, RSW_REDIS] default: in memory
  --redis-prefix PREFIX       prefix of every Redis key       [RSW_REDIS_PREFIX]    default rsw:
  --log-level LEVEL           pino level                      [RSW_LOG_LEVEL]       default info
  -h, --help                  this text
`;

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
  'resume-grace': { type: 'string' },
  hours: { type: 'string' },
  'max-sessions': { type: 'string' },
  'max-message': { type: 'string' },
  'messages-per-minute': { type: 'string' },
  'events-per-second': { type: 'string' },
  'failed-joins': { type: 'string' },
  'failed-joins-global': { type: 'string' },
  'left-messages': { type: 'string' },
  'max-left-messages': { type: 'string' },
  'max-payload': { type: 'string' },
  'max-file': { type: 'string' },
  'file-rate': { type: 'string' },
  'reboot-ttl': { type: 'string' },
  'ice-servers': { type: 'string' },
  'webhook-url': { type: 'string' },
  'webhook-secret': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  redis: { type: 'string' },
  'redis-prefix': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  // token subcommand
  name: { type: 'string' },
  org: { type: 'string' },
  id: { type: 'string' },
  expires: { type: 'string' },
} as const;

type Flag = keyof typeof FLAGS;

export interface CliConfig {
  command: 'serve' | 'token' | 'help';
  host: string;
  port: number;
  relay: RelayOptions;
  token?: { name: string; org: string; id: string; expires: string };
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const envName = (flag: Flag) => `RSW_${flag.toUpperCase().replace(/-/g, '_')}`;
  const str = (flag: Flag, ...extraEnv: string[]): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string') return v;
    for (const name of [envName(flag), ...extraEnv]) if (env[name]) return env[name];
    return undefined;
  };
  const num = (flag: Flag, scale = 1, ...extraEnv: string[]): number | undefined => {
    const text = str(flag, ...extraEnv);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`--${flag} must be a positive number, got "${text}"`);
    return n * scale;
  };
  const list = (flag: Flag) => str(flag)?.split(',').map((s) => s.trim()).filter(Boolean);

  const command = values.help ? 'help' : positionals[0] === 'token' ? 'token' : 'serve';
  if (positionals.length > 0 && positionals[0] !== 'token') throw new ConfigError(`unknown command "${positionals[0]}"`);

  const functions = list('functions');
  for (const fn of functions ?? []) {
    if (!(FUNCTION_IDS as readonly string[]).includes(fn)) throw new ConfigError(`unknown function "${fn}"; known: ${FUNCTION_IDS.join(', ')}`);
  }
  const redisUrl = str('redis', 'RELAY_REDIS_URL');
  const keyPrefix = str('redis-prefix');
  if (keyPrefix !== undefined && redisUrl === undefined) throw new ConfigError('--redis-prefix needs --redis');
  const hours = str('hours');
  let businessHours;
  try {
    businessHours = hours ? parseHours(hours) : undefined;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const iceText = str('ice-servers');
  let iceServers: RelayOptions['iceServers'];
  try {
    iceServers = iceText === undefined ? undefined : (JSON.parse(iceText) as RelayOptions['iceServers']);
  } catch {
    throw new ConfigError('--ice-servers must be JSON, e.g. \'[{"urls":"stun:stun.example.com:3478"}]\'');
  }
  const relay: RelayOptions = {
    tokenSecret: str('secret', 'RSW_TOKEN_SECRET'),
    allowedOrigins: list('origins'),
    joinUrl: str('join-url'),
    functions: functions as FunctionId[] | undefined,
    codeLength: num('code-length'),
    codeTtlMs: num('code-ttl', 1000),
    promptTimeoutMs: num('prompt-timeout', 1000),
    reconfirmAfterMs: num('reconfirm', 1000),
    resumeGraceMs: num('resume-grace', 1000),
    businessHours,
    maxSessions: num('max-sessions'),
    maxMessageLength: num('max-message'),
    messagesPerMinute: num('messages-per-minute'),
    eventsPerSecond: num('events-per-second'),
    failedJoinsPerAddress: num('failed-joins'),
    failedJoinsGlobal: num('failed-joins-global'),
    leftMessagesPerHour: num('left-messages'),
    maxLeftMessages: num('max-left-messages'),
    maxPayloadBytes: num('max-payload'),
    maxFileBytes: num('max-file'),
    fileBytesPerSecond: num('file-rate'),
    rebootTokenTtlMs: num('reboot-ttl', 1000),
    iceServers,
    webhookUrl: str('webhook-url'),
    webhookSecret: str('webhook-secret'),
    trustProxy: values['trust-proxy'] === true || env.RSW_TRUST_PROXY === '1',
    redis: redisUrl !== undefined && keyPrefix !== undefined ? { url: redisUrl, keyPrefix } : redisUrl,
    logger: str('log-level'),
  };
  const config: CliConfig = {
    command,
    host: str('host') ?? '127.0.0.1',
    port: num('port', 1, 'PORT') ?? 3000,
    relay,
  };
  if (command === 'token') {
    const name = values.name;
    const org = values.org;
    if (!name || !org) throw new ConfigError('token needs --name and --org');
    if (!relay.tokenSecret) throw new ConfigError('token needs the secret (--secret or RSW_TOKEN_SECRET)');
    config.token = { name, org, id: values.id ?? name.toLowerCase().replace(/\W+/g, '-'), expires: values.expires ?? '12h' };
  }
  return config;
}
