/** The relay's `--help` text. */
export const USAGE = `Usage: remote-support-relay [options]
       remote-support-relay token --id ID --name NAME --org ORG [--expires 12h]
       remote-support-relay --version

Options (environment variable in brackets):
  --host HOST                 address to listen on            [RSW_HOST]            default 127.0.0.1
  --port PORT                 port to listen on               [RSW_PORT, PORT]      default 3000
  --origins LIST              allowed customer origins, comma-separated, * wildcards
                                                              [RSW_ORIGINS]         default loopback origins
  --secret SECRET             technician token secret, >= 32 chars
                                                              [RSW_TOKEN_SECRET, RSW_SECRET] default: development mode
  --join-url URL              help page for join links        [RSW_JOIN_URL]
  --functions LIST            offered functions, comma-separated
                                                              [RSW_FUNCTIONS]       default all five
  --code-length N             digits in a code                [RSW_CODE_LENGTH]     default 6
  --code-ttl SECONDS          lifetime of an unused code      [RSW_CODE_TTL]        default 600
  --prompt-timeout SECONDS    time to answer a prompt         [RSW_PROMPT_TIMEOUT]  default 60
  --reconfirm SECONDS         control grants re-confirmed after
                                                              [RSW_RECONFIRM]       default 1800
  --consent-cooldown SECONDS  wait before a function the customer said no to may be asked
                              for again (3x, 6x, 12x after further no's; 0: none)
                                                              [RSW_CONSENT_COOLDOWN] default 10
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
  --queue-joins N             queue places taken per address / hour [RSW_QUEUE_JOINS] default 20
  --sessions-per-technician N sessions one technician creates / hour
                                                              [RSW_SESSIONS_PER_TECHNICIAN] default 120
  --max-left-messages N       left messages kept for the console [RSW_MAX_LEFT_MESSAGES] default 500
  --max-payload BYTES         largest socket.io message       [RSW_MAX_PAYLOAD]     default 524288
  --max-connections N         open connections per address    [RSW_MAX_CONNECTIONS] default 100
  --max-buffered BYTES        unsent bytes per connection before it is cut off
                                                              [RSW_MAX_BUFFERED]    default 8388608
  --ipv6-prefix BITS          IPv6 addresses count by this prefix [RSW_IPV6_PREFIX] default 64
  --max-file BYTES            largest file transfer           [RSW_MAX_FILE]        default 26214400
  --file-rate BYTES           file data per socket per second [RSW_FILE_RATE]       default 8388608
  --reboot-ttl SECONDS        lifetime of a reboot token      [RSW_REBOOT_TTL]      default 900
  --ice-servers JSON          STUN/TURN servers for screen sharing, e.g. '[{"urls":"stun:stun.example.com"}]'
                                                              [RSW_ICE_SERVERS]     default none
  --turn-urls LIST            TURN servers, comma-separated (turn:/turns: URLs); each participant gets
                              its own short-lived credentials for them
                                                              [RSW_TURN_URLS]
  --turn-secret SECRET        the TURN server's shared secret (coturn static-auth-secret), >= 16 chars
                                                              [RSW_TURN_SECRET]
  --turn-ttl SECONDS          lifetime of TURN credentials    [RSW_TURN_TTL]        default 43200
  --ice-transport-policy P    all, or relay (TURN only: hides the participants' addresses)
                                                              [RSW_ICE_TRANSPORT_POLICY] default all
  --webhook-url URL           POST signed grant changes and session ends here
                                                              [RSW_WEBHOOK_URL]
  --webhook-secret SECRET     Standard Webhooks secret: whsec_ + base64 of 24-64 random bytes
                                                              [RSW_WEBHOOK_SECRET]
  --webhook-include-transcript  transcript and audit log in session.ended
                                                              [RSW_WEBHOOK_INCLUDE_TRANSCRIPT=1]
  --jwks-url URL              identity provider's JWKS: technicians also sign in with its RS256/ES256 tokens
                                                              [RSW_JWKS_URL]
  --jwt-issuer ISSUER         iss of those tokens             [RSW_JWT_ISSUER]
  --jwt-audience LIST         aud of those tokens, comma-separated
                                                              [RSW_JWT_AUDIENCE]
  --jwt-claims MAP            claims of id, name and organisation, e.g. "id=oid,name=name,org=tenant"
                                                              [RSW_JWT_CLAIMS]      default id=sub,name=name,org=org
  --revoked LIST              revoked token ids (jti) or technician ids (sub), comma-separated
                                                              [RSW_REVOKED]
  --revoked-file PATH         more of them, one per line; re-read when it changes
                                                              [RSW_REVOKED_FILE]
  --metrics-token TOKEN       serve Prometheus metrics at PATH/metrics to "Authorization: Bearer TOKEN", >= 16 chars
                                                              [RSW_METRICS_TOKEN]   default: not served
  --trust-proxy               client address from X-Forwarded-For
                                                              [RSW_TRUST_PROXY=1]
  --path PATH                 mount point, e.g. /support: socket.io at PATH/socket.io/, health at PATH/healthz
                                                              [RSW_PATH]            default /
  --redis URL                 share sessions with other relay processes through Redis,
                              redis://[user:password@]host[:port][/db] or rediss://…
                                                              [RELAY_REDIS_URL, RSW_REDIS] default: in memory
  --redis-prefix PREFIX       prefix of every Redis key       [RSW_REDIS_PREFIX]    default rsw:
  --drain SECONDS             on SIGTERM, /healthz answers 503 "draining" this long before the port closes
                                                              [RSW_DRAIN]           default 0
  --shutdown-timeout SECONDS  after the drain, longest graceful shutdown before the process exits anyway
                                                              [RSW_SHUTDOWN_TIMEOUT] default 10
  --log-level LEVEL           fatal, error, warn, info, debug, trace or silent
                                                              [RSW_LOG_LEVEL]       default info
  --version                   the relay's version
  -h, --help                  this text

Token options: --id ID (the technician's stable id, the token's sub), --name NAME, --org ORG,
  --expires SPAN (30m, 12h, 7d; at most 30d; default 12h), and the secret (--secret, RSW_TOKEN_SECRET or RSW_SECRET).
Bad options and values end with one line on stderr and exit code 2.
`;
