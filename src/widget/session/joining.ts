/**
 * How a widget session starts (`join`, `joinQueue`, and `tryResume` after a reload): one start at a time, from idle or
 * the end, each on a fresh socket (connection.ts) that the start's work runs on once it is connected; a failed first
 * connection is not retried behind the customer's back. Plain functions over the session's context
 * (`JoiningContext`), which also says whether a start is under way.
 */
import { isSocket, type SessionCore } from './connection.js';
import type { SessionFunctions } from './functions.js';
import type { Failure } from './reducer.js';
import type { ResumeStore } from './resume-store.js';
import { throwLater } from './throw-later.js';
import { localError, type Answer, type PayloadOf } from './wire.js';
import type { RelaySocket } from './ws-socket.js';

/** The session as a start sees it: its core, and the parts a start sets up or closes. */
export interface JoiningContext extends SessionCore {
  readonly store: ResumeStore;
  readonly functions: SessionFunctions;
  /** Closes the socket (and holds the chat). */
  close(): void;
  /** A join, queue join or reload resume is under way. */
  busy?: boolean;
  /** The session is destroyed: nothing starts any more. */
  destroyed(): boolean;
}

/** A join or queue join (`valid` false: the code cannot be right, so no socket is opened). */
export async function joinWith<E extends 'session:join' | 'queue:join'>(ctx: JoiningContext, name: E, payload: PayloadOf<E>, valid = true): Promise<void> {
  await start(
    ctx,
    async (socket) => {
      const res: Answer<'session:join' | 'queue:join'> = await ctx.link.request(name, payload);
      if (socket !== ctx.link.socket) return false;
      if (!res.ok) return res.error;
      ctx.functions.configure(res);
      ctx.dispatch({ type: 'joined', result: res, position: 'position' in res ? res.position : undefined });
      // Kept once the session took the answer: one it could not take leaves nothing for a reload to resume.
      ctx.store.set(res.resumeToken);
      return true;
    },
    (error) => ctx.dispatch({ type: 'join-failed', error }),
    valid ? undefined : localError('invalid-code'),
  );
}

/**
 * A join, queue join or reload resume (one at a time, from idle or the end) on a fresh socket: `work` runs once it is
 * connected. A failure (to connect, `refused` at once, or what `work` returns) closes the socket and goes to `failed`.
 * Resolves to whether `work` brought a session.
 */
export async function start(
  ctx: JoiningContext,
  work: (socket: RelaySocket) => Promise<boolean | Failure>,
  failed: (error: Failure) => void,
  refused?: Failure,
): Promise<boolean> {
  if (ctx.destroyed() || ctx.busy || (ctx.state().phase !== 'idle' && ctx.state().phase !== 'ended')) return false;
  ctx.busy = true;
  try {
    ctx.dispatch({ type: 'connecting' });
    const opened = refused ?? (await ctx.link.openConnected());
    // What goes wrong with the relay's answer (one the reducer cannot take) fails the start too, and is reported.
    const result = opened === undefined ? false : isSocket(opened) ? await work(opened).catch((err: unknown) => (throwLater(err), localError('internal'))) : opened;
    if (typeof result === 'boolean') return result;
    if (result !== refused) ctx.close();
    failed(result);
    return false;
  } finally {
    ctx.busy = false;
  }
}
