/**
 * Browser-test helpers: the real relay that web-test-runner.config.js starts (scripts/wtr/relay-plugin.mjs), extra
 * relays with their own options, and socket.io clients in the page that play the technician (and, for protocol-level
 * tests, a bare customer). Everything opened here is closed after each test (a root-level `afterEach`).
 *
 * A widget test typically:
 *
 *   const tech = await TechnicianClient.connect();
 *   const { code } = await tech.createSession();
 *   // …type `code` into the widget, click Connect…
 *   await tech.waitForCustomer();
 *   await tech.send('Hello');
 *   const prompt = await tech.request('desktop-view');   // the widget now shows the prompt
 *   await tech.waitForGrant('desktop-view');             // after the customer allowed it
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, RelayError } from '../../src/protocol/errors.js';
import { CUSTOMER_NAMESPACE, TECHNICIAN_NAMESPACE } from '../../src/protocol/events.js';
import type {
  AuditEntry,
  ChatMessage,
  CreateResult,
  EndReason,
  QueueEntry,
  Role,
  SessionView,
  TechnicianIdentity,
} from '../../src/protocol/events.js';
import type { ConsentState, GrantStatus, Prompt } from '../../src/protocol/consent.js';
import type { FunctionId } from '../../src/protocol/functions.js';
import type { GatedEvent } from '../../src/protocol/schemas.js';
import type { RelayOptions } from '../../src/server/options.js';
import { afterEach } from './mocha.js';
import { next } from '../support/next-event.js';

// ---------------------------------------------------------------------------------------------------------------
// The shared relay

interface RelayModule {
  relayUrl: string;
  devToken: string;
  origin: string;
}

// Served by the relay plugin, not a file: a variable keeps TypeScript and the dev server from resolving it.
const RELAY_MODULE: string = '/__relay.js';
const shared = (await import(RELAY_MODULE)) as RelayModule;

/** Base URL of the relay every test file shares (e.g. `http://127.0.0.1:40123`). Give it to the widget's `server`. */
export const relayUrl = shared.relayUrl;
/** A development technician token for the shared relay (technician "Alex Demo", organisation "Demo Support"). */
export const devToken = shared.devToken;
/** The test page's origin, the only one the relays' customer namespace accepts unless a test says otherwise. */
export const pageOrigin = shared.origin;

/** Default wait for relay answers and events, ms. */
export const WAIT_MS = 5_000;

// ---------------------------------------------------------------------------------------------------------------
// Cleanup

const openSockets = new Set<Socket>();
const startedRelays = new Set<string>();

/** Disconnects every socket and stops every relay this file opened. Runs after each test by itself. */
export async function closeAll(): Promise<void> {
  for (const socket of openSockets) socket.disconnect();
  openSockets.clear();
  const ids = [...startedRelays];
  startedRelays.clear();
  await Promise.all(ids.map((id) => executeServerCommand('relay:stop', { id })));
}

afterEach(closeAll);

// ---------------------------------------------------------------------------------------------------------------
// Extra relays

/** Relay options a test may set (JSON only: no store, no logger). `allowedOrigins` defaults to the test page's. */
export type TestRelayOptions = Omit<RelayOptions, 'store' | 'logger'>;

export interface TestRelay {
  /** `undefined` for the shared relay. */
  id: string | undefined;
  url: string;
  devToken: string;
}

/** The shared relay as a TestRelay (never stopped by tests). */
export const sharedRelay: TestRelay = { id: undefined, url: relayUrl, devToken };

/**
 * Starts a relay of its own with `options` on top of the relay's DEFAULTS (not the shared relay's relaxed limits):
 * short prompt timeouts, tight brute-force limits, business hours, a `functions` subset… Stopped after the test.
 */
export async function startRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const relay = await executeServerCommand<{ id: string; url: string; devToken: string }, unknown>('relay:start', { options });
  startedRelays.add(relay.id);
  return relay;
}

/** Stops a relay from startRelay; its URL is unreachable afterwards. */
export async function stopRelay(relay: TestRelay): Promise<void> {
  if (relay.id === undefined) throw new Error('the shared relay cannot be stopped');
  startedRelays.delete(relay.id);
  await executeServerCommand('relay:stop', { id: relay.id });
}

/** A URL where no relay listens (a relay started and stopped again), for "server unreachable" tests. */
export async function unreachableRelayUrl(): Promise<string> {
  const relay = await startRelay();
  await stopRelay(relay);
  return relay.url;
}

/**
 * Cuts the transport of every `role` socket on the relay, as a network drop would: clients see `transport close`
 * and (if they reconnect by themselves, as the widget does) come back and resume. Resolves to how many were cut.
 * On the shared relay this hits every test file running at the moment: prefer a relay of the test's own.
 */
export function dropConnections(relay: TestRelay, role: Role = 'customer'): Promise<number> {
  return executeServerCommand<number, unknown>('relay:drop', { id: relay.id, role });
}

/**
 * Makes `relay` see every new connection `ms` late (0 = on time again), as a slow network would: a widget stays in
 * `connecting` meanwhile, and in `reconnecting` after `dropConnections`. Connections already open are unaffected.
 * Only for a relay of the test's own.
 */
export async function delayConnections(relay: TestRelay, ms: number): Promise<void> {
  if (relay.id === undefined) throw new Error('delay only a relay of your own (startRelay)');
  await executeServerCommand('relay:delay', { id: relay.id, ms });
}

/** The vendor's native agent declares itself for `sessionId` (`relay.declareAgent`), or goes away without `agent`. */
export function declareAgent(sessionId: string, agent?: { name: string }, relay: TestRelay = sharedRelay): Promise<boolean> {
  return executeServerCommand<boolean, unknown>('relay:agent', { id: relay.id, sessionId, ...(agent ? { agent } : {}) });
}

/** A technician token with any identity, signed for `relay`. */
export function technicianToken(
  identity: Partial<TechnicianIdentity> & { id?: string } = {},
  relay: TestRelay = sharedRelay,
): Promise<string> {
  return executeServerCommand<string, unknown>('relay:token', { id: relay.id, technician: identity });
}

// ---------------------------------------------------------------------------------------------------------------
// Socket helpers

/** An `{ok: false}` acknowledgement, thrown by `ok()` and the TechnicianClient's throwing methods. */
export class RelayCallError extends Error {
  override name = 'RelayCallError';
  constructor(
    readonly event: string,
    readonly error: RelayError,
  ) {
    super(`${event} refused: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
  }

  get code(): RelayError['code'] {
    return this.error.code;
  }
}

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

function track(socket: Socket): Socket {
  openSockets.add(socket);
  socket.on('disconnect', () => {
    if (!socket.active) openSockets.delete(socket);
  });
  return socket;
}

/** Resolves once `socket` is connected; rejects with the relay's refusal code (e.g. `forbidden-origin`). */
export function connected(socket: Socket, ms = WAIT_MS): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`socket not connected within ${ms} ms`));
    }, ms);
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error & { data?: Partial<RelayError> }) => {
      cleanup();
      reject(new Error(err.data?.code ?? err.message));
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
    };
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** Emits `event` with `payload` and resolves to the relay's acknowledgement (`{ok: true, …}` or `{ok: false, error}`). */
export async function call<T extends object = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown = {},
  ms = WAIT_MS,
): Promise<Ack<T>> {
  await connected(socket, ms);
  return (await socket.timeout(ms).emitWithAck(event, payload)) as Ack<T>;
}

/** Like `call`, but throws a RelayCallError unless the relay said ok. */
export async function ok<T extends object = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown = {},
  ms = WAIT_MS,
): Promise<T & { ok: true }> {
  const res = await call<T>(socket, event, payload, ms);
  if (!res.ok) throw new RelayCallError(event, res.error);
  return res;
}

/** The next `event` on `socket` that passes `filter` (events received before the call are not considered). */
export function nextEvent<T = unknown>(socket: Socket, event: string, filter: (payload: T) => boolean = () => true, ms = WAIT_MS): Promise<T> {
  return next(socket, event, filter, ms);
}

/**
 * A bare customer socket in this page (for protocol-level tests; widget tests let the widget connect). The browser
 * sends the page's Origin, as the widget's would. Disconnected after the test.
 */
export function connectCustomer(relay: TestRelay = sharedRelay, options: ClientOptions = {}): Socket {
  return track(io(`${relay.url}${CUSTOMER_NAMESPACE}`, { forceNew: true, reconnection: false, ...options }));
}

let clientIds = 0;
/** A fresh client message id (valid for `chat:send`). */
export const newClientId = (prefix = 'test') => `${prefix}-${Date.now().toString(36)}-${(clientIds += 1)}`;

// ---------------------------------------------------------------------------------------------------------------
// The technician

export interface TechnicianConnectOptions {
  relay?: TestRelay;
  /** Default: the relay's development token. */
  token?: string;
  /** Default: the development token's identity; with `relay:token`, any name and organisation. */
  identity?: Partial<TechnicianIdentity> & { id?: string };
  socket?: ClientOptions;
}

interface Received {
  event: string;
  payload: unknown;
}

/**
 * The other side of a widget test: a technician console reduced to calls. It records everything the relay sends it,
 * so `waitFor…` also finds events that arrived before the call.
 */
export class TechnicianClient {
  /** Every event received since connecting, oldest first. */
  readonly received: Received[] = [];
  /** The latest view of the session (from acks and `session:update`). */
  session: SessionView | undefined;
  /** The latest grant state (from acks and `consent:update`). */
  consent: ConsentState | undefined;
  /** The code and join link of the session this technician created. */
  code: string | undefined;
  joinUrl: string | undefined;

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      if (event === 'session:update') this.session = payload as SessionView;
      if (event === 'consent:update') this.consent = (payload as { consent: ConsentState }).consent;
    });
  }

  /** Connects a technician (the development one by default) and waits until the relay accepted it. */
  static async connect(options: TechnicianConnectOptions = {}): Promise<TechnicianClient> {
    const relay = options.relay ?? sharedRelay;
    const token = options.token ?? (options.identity ? await technicianToken(options.identity, relay) : relay.devToken);
    const socket = track(
      io(`${relay.url}${TECHNICIAN_NAMESPACE}`, {
        forceNew: true,
        reconnection: false,
        transports: ['websocket'],
        auth: { token },
        ...options.socket,
      }),
    );
    const client = new TechnicianClient(socket);
    await connected(socket);
    return client;
  }

  /** Creates a session; resolves to its code, join link and view. */
  async createSession(functions?: FunctionId[]): Promise<CreateResult> {
    const res = await ok<CreateResult>(this.socket, 'session:create', functions ? { functions } : {});
    this.session = res.session;
    this.consent = res.session.consent;
    this.code = res.code;
    this.joinUrl = res.joinUrl;
    return res;
  }

  /** Takes over an existing session (e.g. after reconnecting). */
  async attach(sessionId: string): Promise<{ session: SessionView; messages: ChatMessage[]; audit: AuditEntry[] }> {
    const res = await ok<{ session: SessionView; messages: ChatMessage[]; audit: AuditEntry[] }>(this.socket, 'session:attach', { sessionId });
    this.session = res.session;
    this.consent = res.session.consent;
    return res;
  }

  async queueList(): Promise<QueueEntry[]> {
    return (await ok<{ entries: QueueEntry[] }>(this.socket, 'queue:list')).entries;
  }

  /** Picks a queued customer; the session becomes this technician's. */
  async pick(sessionId: string): Promise<SessionView> {
    const res = await ok<{ session: SessionView }>(this.socket, 'queue:pick', { sessionId });
    this.session = res.session;
    this.consent = res.session.consent;
    return res.session;
  }

  /** Asks the customer for `fn` (the widget shows a prompt); resolves to the prompt. Throws RelayCallError if refused. */
  async request(fn: FunctionId): Promise<Prompt> {
    const res = await ok<{ prompt: Prompt; consent: ConsentState }>(this.socket, 'consent:request', { fn });
    this.consent = res.consent;
    return res.prompt;
  }

  /** Sends a chat message; resolves to it as the relay stored it. */
  async send(text: string, clientId = newClientId('tech')): Promise<ChatMessage> {
    return (await ok<{ message: ChatMessage; duplicate: boolean }>(this.socket, 'chat:send', { clientId, text })).message;
  }

  async typing(typing: boolean): Promise<void> {
    await ok(this.socket, 'chat:typing', { typing });
  }

  /**
   * Uses a function (a gated event): resolves to the relay's answer without throwing, since tests check refusals
   * (`not-granted`) as often as success.
   */
  use(event: 'sysinfo:request' | 'reboot:request'): Promise<Ack>;
  use(event: GatedEvent, payload: Record<string, unknown>): Promise<Ack>;
  use(event: GatedEvent, payload: Record<string, unknown> = {}): Promise<Ack> {
    return call(this.socket, event, payload);
  }

  /** Any event with an acknowledgement, without throwing. */
  call<T extends object = Record<string, unknown>>(event: string, payload: unknown = {}): Promise<Ack<T>> {
    return call<T>(this.socket, event, payload);
  }

  /** Ends the session for both sides. */
  async end(): Promise<void> {
    await ok(this.socket, 'session:end');
  }

  async auditLog(): Promise<AuditEntry[]> {
    return (await ok<{ entries: AuditEntry[] }>(this.socket, 'audit:fetch')).entries;
  }

  /** Chat messages received from the customer so far. */
  get messages(): ChatMessage[] {
    return this.received.filter((r) => r.event === 'chat:message').map((r) => r.payload as ChatMessage);
  }

  /** The first `event` (received already, or arriving within `ms`) that passes `filter`. */
  waitFor<T = unknown>(event: string, filter: (payload: T) => boolean = () => true, ms = WAIT_MS): Promise<T> {
    const seen = this.received.find((r) => r.event === event && filter(r.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return nextEvent<T>(this.socket, event, filter, ms);
  }

  /** The next `event` that passes `filter`, ignoring everything received before the call. */
  next<T = unknown>(event: string, filter: (payload: T) => boolean = () => true, ms = WAIT_MS): Promise<T> {
    return nextEvent<T>(this.socket, event, filter, ms);
  }

  /** Resolves once the customer is in the session (joined or resumed). */
  async waitForCustomer(ms = WAIT_MS): Promise<void> {
    if (this.session?.customerPresent) return;
    await this.waitFor<{ role: Role; present: boolean }>('participant:update', (p) => p.role === 'customer' && p.present, ms);
  }

  /** A chat message from the customer whose text equals `match` (or matches it / passes it). */
  waitForMessage(match: string | RegExp | ((message: ChatMessage) => boolean), ms = WAIT_MS): Promise<ChatMessage> {
    const test =
      typeof match === 'function' ? match : typeof match === 'string' ? (m: ChatMessage) => m.text === match : (m: ChatMessage) => match.test(m.text);
    return this.waitFor<ChatMessage>('chat:message', test, ms);
  }

  /** Resolves to the grant state once `fn` has `status` (default `granted`), as confirmed by the relay. */
  async waitForGrant(fn: FunctionId, status: GrantStatus = 'granted', ms = WAIT_MS): Promise<ConsentState> {
    if (this.consent?.grants[fn].status === status) return this.consent;
    const info = await this.next<{ consent: ConsentState }>('consent:update', (u) => u.consent.grants[fn].status === status, ms);
    return info.consent;
  }

  /** Resolves once the session has ended (by anyone). */
  waitForEnd(ms = WAIT_MS): Promise<{ by: Role | 'relay'; reason: EndReason }> {
    return this.waitFor('session:ended', () => true, ms);
  }

  /** Disconnects this technician (the session stays; the customer sees the technician drop). */
  close(): void {
    this.socket.disconnect();
  }
}
