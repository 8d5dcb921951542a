/**
 * The routing tables: for each namespace, ONE table of every event it answers, each row naming the event (whose
 * schema checks the payload, `parsePayload(event, …)`), the session concern that handles it, and what it costs of
 * the socket's rate limits. The per-socket pipeline (pipeline.ts) looks events up here.
 */
import type { Logger } from 'pino';
import { GATED_EVENTS, parsePayload, type GatedEvent, type Payload, type SchemaName } from '../protocol/index.js';
import { fail, type Later, type Result } from './results.js';
import type { Caller, Outbox, Sessions } from './session/index.js';
import type { RelayStore } from './store.js';

/**
 * What an event costs of the socket's rate limits besides its one unit of `eventsPerSecond`: nothing more, or, for a
 * file chunk, its bytes of the file-data budget (`fileBytesPerSecond`).
 */
export type Cost = 'event' | 'file-bytes';

/** One row of a table: validates the payload of its event, then runs the handler with it. */
export interface Route {
  readonly cost: Cost;
  run(caller: Caller, input: unknown): Promise<Result<object> | Later>;
}

/** Event name → route. */
export type Routes = ReadonlyMap<string, Route>;

export interface RouteTables {
  customer: Routes;
  technician: Routes;
}

export function routeTables(sessions: Sessions, outbox: Outbox, store: RelayStore, logger: Logger): RouteTables {
  const { lifecycle, queue, presence, chat, consent, screen, files, oneShot, feedback, handoff } = sessions;

  /** Validates the payload of event `name`, then runs `handler` with it. */
  function route<E extends SchemaName>(
    name: E,
    handler: (caller: Caller, payload: Payload<E>) => Promise<Result<object> | Later>,
    cost: Cost = 'event',
  ): [string, Route] {
    return [
      name,
      {
        cost,
        // Not async: the handler's own promise is handed on as it is, without another promise around it.
        run(caller, input) {
          const parsed = parsePayload(name, input);
          if (parsed.ok) return handler(caller, parsed.value);
          logger.debug({ event: name, socket: caller.socketId, code: parsed.code }, 'payload refused');
          return Promise.resolve(fail(parsed.code, { detail: parsed.issues.join('; ').slice(0, 500) }));
        },
      },
    ];
  }

  /**
   * A use of a function: passes the consent gate, then goes to the other side as it came (to the customer only if
   * the customer took nothing back meanwhile).
   */
  function gated<E extends GatedEvent>(name: E, to: 'customer' | 'technician'): [string, Route] {
    return route(name, async (caller, payload) => {
      const fn = GATED_EVENTS[name];
      const pass = await consent.gate(caller, fn, name);
      if (!pass.ok) return pass;
      if (to === 'technician') outbox.toSession(pass.sessionId, to, name, payload);
      else if (!(await outbox.forwardUse(caller, pass.sessionId, name, payload))) return consent.tooLate(caller, pass.sessionId, fn, name);
      return { ok: true };
    });
  }

  /** Both namespaces. */
  const common = [
    route('chat:send', (caller, { clientId, text }) => chat.send(caller, clientId, text)),
    route('chat:typing', (caller, { typing }) => chat.typing(caller, typing)),
    route('chat:history', (caller, { afterSeq }) => chat.history(caller, afterSeq)),
    route('session:end', (caller) => lifecycle.endBy(caller)),
    route('audit:fetch', (caller) => chat.auditLog(caller)),
  ];

  /** File transfer, both directions. */
  const fileRoutes = [
    route('file:offer', (caller, offer) => files.offerFile(caller, offer)),
    route('file:accept', (caller, { transferId }) => files.acceptFile(caller, transferId)),
    route('file:chunk', (caller, chunk) => files.chunk(caller, chunk), 'file-bytes'),
    route('file:done', (caller, { transferId, sha256 }) => files.fileDone(caller, transferId, sha256)),
    route('file:cancel', (caller, { transferId, reason }) => files.cancelFile(caller, transferId, reason)),
  ];

  /** Every event a customer may send. Built once; each socket only holds one listener that looks events up here. */
  const customer: Routes = new Map([
    ...common,
    route('session:join', (caller, { code }) => lifecycle.join(caller, code)),
    route('queue:join', (caller, { name, description }) => queue.enqueue(caller, name, description)),
    route('queue:leave', async (caller) => {
      const member = await store.getSession(caller.sessionId ?? '');
      if (member?.state !== 'queued') return fail('invalid-state');
      return lifecycle.endBy(caller);
    }),
    route('session:resume', (caller, { token, lastSeq, resumeId }) => presence.resume(caller, token, lastSeq, resumeId)),
    route('consent:decide', (caller, { promptId, allow }) => consent.decide(caller, promptId, allow)),
    route('consent:revoke', (caller, { fn, reason }) => consent.revoke(caller, fn, reason)),
    route('consent:revoke-all', (caller) => consent.revokeAll(caller)),
    route('session:rejoin', (caller, { token }) => presence.rejoin(caller, token)),
    gated('screen:signal', 'technician'),
    route('screen:state', (caller, info) => screen.screenState(caller, info)),
    ...fileRoutes,
    route('sysinfo:report', (caller, { items }) => oneShot.sysinfoAnswer(caller, items)),
    route('sysinfo:decline', (caller) => oneShot.sysinfoAnswer(caller, undefined)),
    route('session:rate', (caller, rating) => feedback.rate(caller, rating)),
    route('message:leave', (caller, message) => feedback.leave(caller, message)),
  ]);

  /** Every event a technician may send. */
  const technician: Routes = new Map([
    ...common,
    route('session:create', (caller, { functions }) => lifecycle.create(caller, functions)),
    route('session:attach', (caller, { sessionId }) => presence.attach(caller, sessionId)),
    route('queue:list', (caller) => queue.queueList(caller)),
    route('queue:pick', (caller, { sessionId }) => queue.pick(caller, sessionId)),
    route('consent:request', (caller, { fn }) => consent.request(caller, fn)),
    route('sysinfo:request', (caller) => oneShot.sysinfoRequest(caller)),
    route('reboot:request', (caller) => oneShot.rebootRequest(caller)),
    gated('screen:signal', 'customer'),
    gated('control:event', 'customer'),
    ...fileRoutes,
    route('inbox:list', () => feedback.inbox()),
    route('technicians:list', (caller) => handoff.colleagues(caller)),
    route('session:handoff', (caller, { technicianId }) => handoff.handOff(caller, technicianId)),
  ]);

  return { customer, technician };
}
