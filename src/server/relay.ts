/**
 * createRelay(): the HTTP server, the socket.io server with its two namespaces, and the wiring from validated
 * socket events to the session service.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  CUSTOMER_NAMESPACE,
  GATED_EVENTS,
  TECHNICIAN_NAMESPACE,
  parsePayload,
  relayError,
  type GatedEvent,
  type Payload,
  type SchemaName,
} from '../protocol/index.js';
import { issueTechnicianToken, verifyTechnicianToken } from './auth.js';
import { generateId, generateSecret } from './codes.js';
import { memoryLimiters, socketLimits, type Limiters } from './limits.js';
import { createLogger } from './logger.js';
import { MemoryStore } from './memory-store.js';
import { compileOrigins } from './origin.js';
import { resolveOptions, type RelayOptions, type ResolvedOptions } from './options.js';
import { fail, type Result } from './results.js';
import { SessionService, type Caller, type Outbox, type Target } from './sessions.js';
import type { RelayStore } from './store.js';

export interface Relay {
  readonly httpServer: HttpServer;
  readonly io: Server;
  readonly options: Readonly<ResolvedOptions>;
  readonly store: RelayStore;
  readonly logger: Logger;
  /** In development mode (no `tokenSecret`): a technician token signed with the random secret. */
  readonly devToken?: string;
  /** Starts listening; resolves to the base URL (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful shutdown: participants are told, sessions that cannot outlive this process are ended, then all closes. */
  close(): Promise<void>;
}

export interface CreateRelayOptions extends RelayOptions {
  /** Answers HTTP requests the relay does not handle itself (e.g. the demo's static files). Default: 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

const room = (sessionId: string) => `s:${sessionId}`;
/** How long a graceful shutdown waits for the last messages to reach clients before it closes their connections. */
const SHUTDOWN_FLUSH_MS = 2000;
const TECHNICIANS_ROOM = 'technicians';

type AnySocket = Socket;
type Handler<E extends SchemaName> = (payload: Payload<E>) => Promise<Result<object>>;

export async function createRelay(options: CreateRelayOptions = {}): Promise<Relay> {
  const opts = resolveOptions(options, () => generateSecret(32));
  const logger = createLogger(options.logger);
  const ownStore = !options.store;
  const store = options.store ?? new MemoryStore();
  const limiters: Limiters = memoryLimiters(opts);
  const originAllowed = compileOrigins(opts.allowedOrigins);
  const startedAt = Date.now();
  let closing = false;

  const httpServer = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      void health().then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      });
      return;
    }
    if (options.fallback) return options.fallback(req, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not-found' }));
  });

  const io = new Server(httpServer, {
    maxHttpBufferSize: opts.maxPayloadBytes,
    cors: { origin: (origin, cb) => cb(null, origin === undefined || originAllowed(origin)) },
    serveClient: false,
  });
  const customers = io.of(CUSTOMER_NAMESPACE);
  const technicians = io.of(TECHNICIAN_NAMESPACE);

  const outbox: Outbox = {
    enter(caller, sessionId) {
      const socket = (caller.role === 'customer' ? customers : technicians).sockets.get(caller.socketId);
      if (socket) enter(socket, caller, sessionId);
    },
    toSession(sessionId, target: Target, event, payload, exceptSocketId) {
      const namespaces: Namespace[] = target === 'both' ? [customers, technicians] : [target === 'customer' ? customers : technicians];
      for (const ns of namespaces) {
        const op = exceptSocketId ? ns.to(room(sessionId)).except(exceptSocketId) : ns.to(room(sessionId));
        op.emit(event, payload);
      }
    },
    toTechnicians(event, payload) {
      technicians.to(TECHNICIANS_ROOM).emit(event, payload);
    },
    supersede(sessionId, role, keepSocketId) {
      if (role === 'technician') {
        // An older console tab stops hearing the session; it stays connected for the queue.
        technicians.in(room(sessionId)).except(keepSocketId).socketsLeave(room(sessionId));
        return;
      }
      customers.in(room(sessionId)).except(keepSocketId).disconnectSockets(true);
    },
    async techniciansOnline() {
      return (await technicians.in(TECHNICIANS_ROOM).fetchSockets()).length;
    },
  };
  const service = new SessionService(opts, store, limiters, outbox, logger);

  async function health() {
    const body = {
      status: closing ? 'shutting-down' : 'ok',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      liveSessions: await store.countLive().catch(() => -1),
      sockets: { customers: customers.sockets.size, technicians: technicians.sockets.size },
      store: store.shared ? 'shared' : 'memory',
    };
    return { status: closing ? 503 : 200, body };
  }

  function clientAddress(socket: AnySocket): string {
    if (opts.trustProxy) {
      // The proxy appends the address it saw to whatever the client sent, so only the last entry is trustworthy; an
      // earlier one is the client's own claim (and would let it pick a fresh address for every failed code).
      const forwarded = socket.handshake.headers['x-forwarded-for'];
      const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
      if (last) return last;
    }
    return socket.handshake.address;
  }

  function refuse(code: 'forbidden-origin' | 'unauthorized' | 'unavailable'): Error {
    const err = new Error(code) as Error & { data: unknown };
    err.data = relayError(code);
    return err;
  }

  /**
   * The page's origin. Browsers send no Origin header on a same-origin GET (the first long-polling request of a page
   * served by the relay itself); they mark it `Sec-Fetch-Site: same-origin` instead, so the origin is then this
   * relay's own, as the Host header names it.
   */
  function originOf(socket: AnySocket): string | undefined {
    const { headers, secure } = socket.handshake;
    if (headers.origin !== undefined) return headers.origin;
    if (headers['sec-fetch-site'] !== 'same-origin' || !headers.host) return undefined;
    const forwarded = opts.trustProxy ? String(headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() : '';
    return `${forwarded || (secure ? 'https' : 'http')}://${headers.host}`;
  }

  customers.use((socket, next) => {
    if (closing) return next(refuse('unavailable'));
    const origin = originOf(socket);
    if (!originAllowed(origin)) {
      logger.warn({ origin: origin ?? null, address: clientAddress(socket) }, 'customer connection from a foreign origin refused');
      return next(refuse('forbidden-origin'));
    }
    next();
  });

  technicians.use((socket, next) => {
    if (closing) return next(refuse('unavailable'));
    const origin = socket.handshake.headers.origin;
    if (origin !== undefined && !originAllowed(origin)) return next(refuse('forbidden-origin'));
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    void verifyTechnicianToken(opts.tokenSecret, auth?.token).then((technician) => {
      if (!technician) {
        logger.warn({ address: clientAddress(socket) }, 'technician token refused');
        return next(refuse('unauthorized'));
      }
      (socket.data as { technician?: typeof technician }).technician = technician;
      next();
    });
  });

  /** Wires one validated, rate-limited, per-socket-serialized event to its handler. */
  function bind<E extends SchemaName>(socket: AnySocket, caller: Caller, name: E, handler: Handler<E>): void {
    const listener = (...args: unknown[]): void => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
      const respond = (r: unknown) => ack?.(r);
      serialize(socket, async () => {
        try {
          const wait = caller.limits.events.take();
          if (wait > 0) return respond(fail('rate-limited', { retryAfter: wait }));
          if (args.length > 1) return respond(fail('bad-payload', { detail: 'one payload argument expected' }));
          // An event without a payload (`emit('session:end', ack)`) is taken as `{}`.
          const parsed = parsePayload(name, args.length === 0 ? {} : args[0]);
          if (!parsed.ok) {
            logger.debug({ event: name, socket: socket.id, code: parsed.code }, 'payload refused');
            return respond(fail(parsed.code, { detail: parsed.issues.join('; ').slice(0, 500) }));
          }
          respond(await handler(parsed.value));
        } catch (err) {
          logger.error({ err, event: name, socket: socket.id }, 'handler failed');
          respond(fail('internal'));
        }
      });
    };
    const event: string = name;
    socket.on(event, listener);
  }

  const chains = new WeakMap<AnySocket, Promise<void>>();
  function serialize(socket: AnySocket, task: () => Promise<void>): void {
    const next = (chains.get(socket) ?? Promise.resolve()).then(task, task);
    chains.set(socket, next);
  }

  function refuseUnknown(socket: AnySocket, caller: Caller, known: readonly string[]): void {
    socket.onAny((event: string, ...args: unknown[]) => {
      if (known.includes(event)) return;
      const ack = args[args.length - 1];
      // Unknown events count against eventsPerSecond like any other, so a flood of them is cut off too.
      serialize(socket, async () => {
        const wait = caller.limits.events.take();
        if (typeof ack !== 'function') return;
        const answer = wait > 0 ? fail('rate-limited', { retryAfter: wait }) : fail('bad-payload', { detail: `unknown event "${event.slice(0, 100)}"` });
        (ack as (r: unknown) => void)(answer);
      });
    });
  }

  /** Puts the socket in its session's room when it takes a session (join/queue/resume/create/pick/attach). */
  function enter(socket: AnySocket, caller: Caller, sessionId: string): void {
    if (caller.sessionId && caller.sessionId !== sessionId) void socket.leave(room(caller.sessionId));
    caller.sessionId = sessionId;
    void socket.join(room(sessionId));
  }

  function gated<E extends GatedEvent>(socket: AnySocket, caller: Caller, name: E, to: 'customer' | 'technician'): void {
    bind(socket, caller, name, async (payload) => {
      const pass = await service.gate(caller, GATED_EVENTS[name], name);
      if (!pass.ok) return pass;
      outbox.toSession(pass.sessionId, to, name, payload);
      return { ok: true };
    });
  }

  customers.on('connection', (socket) => {
    const caller: Caller = { role: 'customer', socketId: socket.id, conn: generateId(), address: clientAddress(socket), limits: socketLimits(opts) };
    bind(socket, caller, 'session:join', ({ code }) => service.join(caller, code));
    bind(socket, caller, 'queue:join', ({ name, description }) => service.enqueue(caller, name, description));
    bind(socket, caller, 'queue:leave', async () => {
      const member = await store.getSession(caller.sessionId ?? '');
      if (member?.state !== 'queued') return fail('invalid-state');
      return service.endBy(caller);
    });
    bind(socket, caller, 'session:resume', ({ token, lastSeq }) => service.resume(caller, token, lastSeq));
    bind(socket, caller, 'consent:decide', ({ promptId, allow }) => service.decide(caller, promptId, allow));
    bind(socket, caller, 'consent:revoke', ({ fn }) => service.revoke(caller, fn));
    bind(socket, caller, 'consent:revoke-all', () => service.revokeAll(caller));
    bindCommon(socket, caller);
    gated(socket, caller, 'screen:signal', 'technician');
    gated(socket, caller, 'file:chunk', 'technician');
    refuseUnknown(socket, caller, CUSTOMER_EVENTS);
    socket.on('disconnect', () => void service.dropped(caller));
  });

  technicians.on('connection', (socket) => {
    const technician = (socket.data as { technician: Caller['technician'] }).technician;
    const caller: Caller = {
      role: 'technician',
      socketId: socket.id,
      conn: generateId(),
      address: clientAddress(socket),
      limits: socketLimits(opts),
      ...(technician ? { technician } : {}),
    };
    void socket.join(TECHNICIANS_ROOM);
    bind(socket, caller, 'session:create', ({ functions }) => service.create(caller, functions));
    bind(socket, caller, 'session:attach', ({ sessionId }) => service.attach(caller, sessionId));
    bind(socket, caller, 'queue:list', () => service.queueList(caller));
    bind(socket, caller, 'queue:pick', ({ sessionId }) => service.pick(caller, sessionId));
    bind(socket, caller, 'consent:request', ({ fn }) => service.request(caller, fn));
    bindCommon(socket, caller);
    for (const name of Object.keys(GATED_EVENTS) as GatedEvent[]) gated(socket, caller, name, 'customer');
    refuseUnknown(socket, caller, TECHNICIAN_EVENTS);
    socket.on('disconnect', () => void service.dropped(caller));
  });

  function bindCommon(socket: AnySocket, caller: Caller): void {
    bind(socket, caller, 'chat:send', ({ clientId, text }) => service.send(caller, clientId, text));
    bind(socket, caller, 'chat:typing', ({ typing }) => service.typing(caller, typing));
    bind(socket, caller, 'chat:history', ({ afterSeq }) => service.history(caller, afterSeq));
    bind(socket, caller, 'session:end', () => service.endBy(caller));
    bind(socket, caller, 'audit:fetch', () => service.auditLog(caller));
  }

  /** Disconnects every client after what was sent to it has gone out; waits for that at most `ms`. */
  async function disconnectAll(ms: number): Promise<void> {
    const sockets = [...customers.sockets.values(), ...technicians.sockets.values()];
    const closed = sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.conn.readyState === 'closed') return resolve();
          socket.conn.once('close', () => resolve());
        }),
    );
    for (const socket of sockets) socket.disconnect(true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
    await Promise.race([Promise.all(closed), timeout]);
    clearTimeout(timer);
  }

  const devToken = opts.devMode
    ? await issueTechnicianToken(opts.tokenSecret, { id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' }, '30d')
    : undefined;
  if (opts.devMode) {
    logger.warn('DEVELOPMENT MODE: no token secret configured; a random one signs a development technician token. Not for production.');
  }

  let closed: Promise<void> | undefined;
  return {
    httpServer,
    io,
    options: opts,
    store,
    logger,
    ...(devToken ? { devToken } : {}),
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          const url = `http://${shownHost}:${address.port}`;
          logger.info({ url }, 'relay listening');
          resolve(url);
        });
      });
    },
    close() {
      closed ??= (async () => {
        closing = true;
        if (!store.shared) {
          const ended = await service.endAll('relay-shutdown');
          if (ended > 0) logger.info({ ended }, 'sessions ended for shutdown');
        }
        customers.emit('relay:shutdown', { resumable: store.shared });
        technicians.emit('relay:shutdown', { resumable: store.shared });
        service.close();
        // io.close() drops every connection at once and discards what is still buffered for it (the messages just
        // sent); disconnecting from the server side first lets each connection send what it has, then close.
        await disconnectAll(SHUTDOWN_FLUSH_MS);
        const ioClosed = new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        // io.close() also closes the HTTP server, which waits for idle keep-alive connections (a browser's
        // long-polling leftovers) unless they are cut.
        httpServer.closeAllConnections();
        await ioClosed;
        if (ownStore) await store.close();
        logger.info('relay closed');
      })();
      return closed;
    },
  };
}

const COMMON_EVENTS = ['chat:send', 'chat:typing', 'chat:history', 'session:end', 'audit:fetch'];
const CUSTOMER_EVENTS = [
  ...COMMON_EVENTS,
  'session:join',
  'queue:join',
  'queue:leave',
  'session:resume',
  'consent:decide',
  'consent:revoke',
  'consent:revoke-all',
  'screen:signal',
  'file:chunk',
];
const TECHNICIAN_EVENTS = [
  ...COMMON_EVENTS,
  'session:create',
  'session:attach',
  'queue:list',
  'queue:pick',
  'consent:request',
  ...Object.keys(GATED_EVENTS),
];
