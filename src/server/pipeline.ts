/**
 * The per-socket pipeline: every event a socket sends is rate-limited, looked up in its namespace's table
 * (routes.ts), validated and handled, one at a time and in the order the socket sent them; then acknowledged. Over
 * its budget, only the first refusal of a window is acknowledged, and a socket refused `refusalsBeforeDisconnect`
 * times in a row is disconnected (limits.ts `Strikes`).
 */
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { fail, Later } from './results.js';
import type { Route, Routes } from './routes.js';
import type { Caller } from './session/index.js';
import { StoreUnavailableError } from './store.js';
import type { UseForwarding } from './use-forwarding.js';

/**
 * Takes what an event costs from the caller's budget: answers how long to wait (ms), 0 when it may go ahead. Every
 * event takes one unit of `eventsPerSecond`; a file chunk also takes its bytes of `fileBytesPerSecond`.
 */
function takeBudget(caller: Caller, route: Route | undefined, payload: unknown): number {
  const now = Date.now();
  const wait = caller.limits.events.take(now);
  if (wait > 0) return wait;
  const data = (payload as { data?: unknown } | null | undefined)?.data;
  if (route?.cost === 'file-bytes' && typeof data === 'string' && data.length > 0) {
    return caller.limits.fileBytes.take(now, Math.ceil((data.length * 3) / 4));
  }
  return 0;
}

/**
 * Makes `listen(socket, caller, routes)`, which gives a socket its one listener. `flushed` (with Redis) resolves once
 * the broadcasts sent so far have gone out; `uses` (with Redis) fences the technician's uses against the customer
 * taking something back (use-forwarding.ts); `answer` completes a handler's result for its caller before it is
 * acknowledged (the participant's own TURN credentials, turn.ts).
 */
export function pipeline(
  logger: Logger,
  flushed?: () => Promise<void>,
  uses?: UseForwarding,
  answer: (caller: Caller, result: unknown) => unknown = (_caller, result) => result,
) {
  const chains = new WeakMap<Socket, Promise<void>>();

  return function listen(socket: Socket, caller: Caller, routes: Routes): void {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
      const respond = (r: unknown) => ack?.(r);
      const task = async () => {
        try {
          const run = routes.get(event);
          const wait = takeBudget(caller, run, args[0]);
          if (wait > 0) {
            const verdict = caller.limits.strikes.refused(wait);
            if (verdict === 'answer') respond(fail('rate-limited', { retryAfter: wait }));
            if (verdict === 'disconnect' && socket.connected) {
              logger.warn({ socket: socket.id, role: caller.role }, 'disconnected: over its event budget too often in a row');
              socket.disconnect(true);
            }
            return;
          }
          caller.limits.strikes.passed();
          if (!run) return respond(fail('bad-payload', { detail: `unknown event "${String(event).slice(0, 100)}"` }));
          if (args.length > 1) return respond(fail('bad-payload', { detail: 'one payload argument expected' }));
          uses?.arriving(caller, event);
          // An event without a payload (`emit('session:end', ack)`) is taken as `{}`.
          const result = await run.run(caller, args.length === 0 ? {} : args[0]);
          // A later answer (a file chunk waiting for the receiver) does not hold up this socket's next events.
          if (result instanceof Later) {
            result.result.then(respond, (err: unknown) => {
              logger.error({ err, event, socket: socket.id }, 'handler failed');
              respond(fail('internal'));
            });
          } else {
            // The broadcasts this event caused go out before its acknowledgement (through Redis, they take a moment).
            await flushed?.();
            // Taking something back is acknowledged only once no use that passed the gate before is on its way.
            await uses?.takenBack(caller, event, result);
            respond(answer(caller, result));
          }
        } catch (err) {
          if (err instanceof StoreUnavailableError) {
            logger.warn({ event, socket: socket.id, err: err.message }, 'store unavailable');
            return respond(fail('unavailable'));
          }
          logger.error({ err, event, socket: socket.id }, 'handler failed');
          respond(fail('internal'));
        }
      };
      chains.set(socket, (chains.get(socket) ?? Promise.resolve()).then(task));
    });
  };
}
