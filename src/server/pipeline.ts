/**
 * The per-socket pipeline: every event a socket sends is rate-limited, looked up in its namespace's table
 * (routes.ts), validated and handled, one at a time and in the order the socket sent them; then acknowledged. Over
 * its budget, only the first refusal of a window is acknowledged (a file chunk refused for its bytes always is), and a
 * socket refused `refusalsBeforeDisconnect` times in a row is disconnected (limits.ts `Strikes`).
 */
import type { Logger } from 'pino';
import { Socket as IoSocket, type Namespace, type Socket } from 'socket.io';
import { usClock } from './clock.js';
import { FULL_CHUNK_BYTES } from './limits.js';
import { fail, Later } from './results.js';
import type { Route, Routes } from './routes.js';
import type { Caller } from './session/index.js';
import { StoreUnavailableError } from './store.js';
import { UnavailableLog } from './unavailable-log.js';
import type { UseForwarding } from './use-forwarding.js';

/**
 * Takes what an event costs from the caller's budget: answers how long to wait (ms), 0 when it may go ahead, and
 * whether the chunk flow's byte budget was what ran out. Every event takes one unit of `eventsPerSecond`, except a
 * file chunk of at least FULL_CHUNK_BYTES: a transfer sends many of those a second, and they draw on
 * `fileBytesPerSecond` instead (every chunk does; a tiny one takes an event too, so a flood of them runs into
 * `eventsPerSecond`).
 */
function takeBudget(caller: Caller, route: Route | undefined, payload: unknown): { wait: number; bytes: boolean } {
  const now = Date.now();
  // Only a file chunk's payload is looked into here (a property read on every event's payload, of every shape, costs).
  const data = route?.cost === 'file-bytes' ? (payload as { data?: unknown } | null | undefined)?.data : undefined;
  const chunkBytes = typeof data === 'string' ? Math.ceil((data.length * 3) / 4) : 0;
  if (chunkBytes < FULL_CHUNK_BYTES) {
    const wait = caller.limits.event(now);
    if (wait > 0) return { wait, bytes: false };
  }
  if (chunkBytes > 0) return { wait: caller.limits.fileBytes(chunkBytes, now), bytes: true };
  return { wait: 0, bytes: false };
}

type Ack = (result: unknown) => void;

/** One event of a socket, as it came in. */
export interface Incoming {
  event: string;
  /** Its arguments, the acknowledgement callback taken off. */
  args: unknown[];
  ack: Ack | undefined;
  /** Its receipt, on the µs clock (clock.ts `usClock`: a small integer, kept in the caller without a heap number). */
  receivedAt: number;
}

/**
 * A caller as the pipeline holds it: with what the pipeline keeps for its socket, in the caller itself (an object per
 * socket fewer). The relay makes every caller with these fields from the start.
 */
export interface ListeningCaller extends Caller {
  /** The socket's namespace's table. */
  readonly routes: Routes;
  /** An event of this socket is being handled. */
  busy: boolean;
  /** Its events that came in meanwhile, oldest first; made when the first has to wait, gone once they are handled. */
  waiting: Incoming[] | undefined;
}

/** What `adopt` changes of a socket.io namespace (4.x): the method that makes each of its sockets (not public). */
interface SocketMaking {
  _createSocket: (this: SocketMaking, client: unknown, auth: Record<string, unknown>) => Promise<Socket>;
  server: { opts: { connectionStateRecovery?: unknown } };
}

/** Where a socket keeps its caller: in `socket.data`, under a symbol (never sent with it to other processes). */
const CALLER = Symbol('caller');

interface Held {
  [CALLER]?: ListeningCaller;
}

/**
 * socket.io's catch-all listeners of a socket (what `onAny` adds to, and what it reads for every event it receives,
 * `Socket.onevent`, calling each with the socket as `this`).
 */
interface CatchAll {
  _anyListeners?: readonly ((this: Socket, event: string, ...args: unknown[]) => void)[];
}

/**
 * Makes `listen(socket, caller)`, which gives a socket its caller and the one listener every socket shares;
 * `listen.callerOf(socket)`, the caller it was given; `listen.adopt(namespace)`, which gives the namespace's sockets
 * that listener from their class; and `listen.close()` for when the relay closes. `flushed` (with
 * Redis) resolves once the broadcasts sent so far have gone out; `uses` (with Redis) fences the technician's uses
 * against the customer taking something back (use-forwarding.ts); `answer` completes a handler's result for its caller
 * before it is acknowledged (the participant's own TURN credentials, turn.ts).
 *
 * Nothing here is made per socket but the caller: the listener and its array are the same for every socket, and the
 * events that have to wait behind another get their list only then.
 */
export function pipeline(
  logger: Logger,
  flushed?: () => Promise<void>,
  uses?: UseForwarding,
  answer: (caller: Caller, result: unknown) => unknown = (_caller, result) => result,
) {
  const unavailable = new UnavailableLog(logger);

  /** Handles `first`, then each event of the socket waiting behind it, one at a time; then lets its list go. */
  async function drain(socket: Socket, caller: ListeningCaller, first: Incoming): Promise<void> {
    caller.busy = true;
    try {
      for (let next: Incoming | undefined = first; next; next = caller.waiting?.shift()) await handle(socket, caller, next);
    } finally {
      caller.busy = false;
      caller.waiting = undefined;
    }
  }

  async function handle(socket: Socket, caller: ListeningCaller, { event, args, ack, receivedAt }: Incoming): Promise<void> {
    try {
      const run = caller.routes.get(event);
      const { wait, bytes } = takeBudget(caller, run, args[0]);
      if (wait > 0) {
        const verdict = caller.limits.refused(wait);
        // A transfer's sender holds a few chunks in flight and waits for each answer before the next, so a chunk
        // refused for the byte budget is always answered (it sends it again after retryAfter); a flood of them
        // still ends in a disconnect.
        if (verdict === 'answer' || (bytes && verdict === 'silent')) ack?.(fail('rate-limited', { retryAfter: wait }));
        if (verdict === 'disconnect' && socket.connected) {
          logger.warn({ socket: socket.id, role: caller.role }, 'disconnected: over its event budget too often in a row');
          socket.disconnect(true);
        }
        return;
      }
      caller.limits.passed();
      if (!run) return ack?.(fail('bad-payload', { detail: `unknown event "${String(event).slice(0, 100)}"` }));
      if (args.length > 1) return ack?.(fail('bad-payload', { detail: 'one payload argument expected' }));
      uses?.arriving(caller, event);
      // Events of one socket run one at a time: this one's receipt time holds until it is handled.
      caller.receivedAt = receivedAt;
      // An event without a payload (`emit('session:end', ack)`) is taken as `{}`.
      const result = await run.run(caller, args.length === 0 ? {} : args[0]);
      // A later answer (a file chunk waiting for the receiver) does not hold up this socket's next events.
      if (result instanceof Later) {
        result.result.then(
          (r) => ack?.(r),
          (err: unknown) => {
            logger.error({ err, event, socket: socket.id }, 'handler failed');
            ack?.(fail('internal'));
          },
        );
      } else {
        // The broadcasts this event caused go out before its acknowledgement (through Redis, they take a moment).
        if (flushed) await flushed();
        // Taking something back is acknowledged only once no use that passed the gate before is on its way.
        if (uses) await uses.takenBack(caller, event, result);
        ack?.(answer(caller, result));
      }
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        unavailable.note(event, socket.id, err);
        return ack?.(fail('unavailable'));
      }
      logger.error({ err, event, socket: socket.id }, 'handler failed');
      ack?.(fail('internal'));
    }
  }

  // One object per event, no closures: an idle socket's event is handled at once (no promise chained per socket);
  // one that comes in meanwhile waits.
  function received(this: Socket, event: string, ...args: unknown[]): void {
    const caller = (this.data as Held)[CALLER];
    if (!caller) return;
    const receivedAt = usClock();
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    const incoming: Incoming = { event, args, ack, receivedAt };
    if (caller.busy) (caller.waiting ??= []).push(incoming);
    else void drain(this, caller, incoming);
  }
  // The same array for every socket: `onAny` would give each one of its own, with room for 17 listeners (152 bytes).
  // socket.io only reads it; frozen, an `onAny` on one socket would throw instead of adding to every socket's.
  const listeners: CatchAll['_anyListeners'] = Object.freeze([received]);

  function listen(socket: Socket, caller: ListeningCaller): void {
    (socket.data as Held)[CALLER] = caller;
    // A socket of an adopted namespace has it from its class.
    if ((socket as unknown as CatchAll)._anyListeners !== listeners) (socket as unknown as CatchAll)._anyListeners = listeners;
  }

  /**
   * Makes `nsp`'s sockets of a class of their own, whose prototype holds the listener array: as a property of each
   * socket it cost 40 bytes (socket.io's sockets have no slot to spare: an 18th property is an array of its own). A
   * prototype set on each socket instead would give every one a map of its own in V8 once a property is added to it.
   * Sockets that socket.io restores by connection state recovery (not used by the relay) stay its own. This replaces
   * socket.io 4.8's private `_createSocket` with a copy of what it does there: the relay's package allows socket.io
   * 4.8 patches only (`~4.8.4`), so a minor version that changes it is taken on purpose, with this looked at again.
   */
  function adopt(nsp: Namespace): void {
    const namespace = nsp as unknown as SocketMaking;
    const make = namespace._createSocket;
    if (typeof make !== 'function') return;
    class ListenedSocket extends IoSocket {}
    Object.defineProperty(ListenedSocket.prototype, '_anyListeners', { value: listeners, writable: true, configurable: true });
    namespace._createSocket = function createSocket(this: SocketMaking, client: unknown, auth: Record<string, unknown>): Promise<Socket> {
      if (this.server.opts.connectionStateRecovery) return make.call(this, client, auth);
      return Promise.resolve(new ListenedSocket(this as unknown as Namespace, client as never, auth));
    };
  }

  /** The caller `listen` gave `socket`. */
  function callerOf(socket: Socket): ListeningCaller | undefined {
    return (socket.data as Held)[CALLER];
  }

  /** The relay closes: no log line after that (unavailable-log.ts). */
  return Object.assign(listen, { callerOf, adopt, close: () => unavailable.close() });
}
