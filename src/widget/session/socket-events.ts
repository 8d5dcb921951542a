/**
 * What a widget session does with each socket its connection opens (connection.ts has it wired before it connects):
 * the relay's events go through the reducer (the chat and the functions hear theirs too), a drop shows as
 * `reconnecting`, and once the socket is connected again the session comes back through the resume logic (resume.ts).
 * That logic is imported at the drop, or for a resume after a reload, so a customer whose connection never drops does
 * not load it.
 *
 * Plain functions over the session's context (`SocketContext`), which also holds the resume logic once loaded: the
 * session makes that object once, and it is the `ResumeParts` the resume logic is made with.
 */
import type { SessionCore } from './connection.js';
import { RELAY_EVENT_NAMES, type RelayEvent, type RelayEventName } from './reducer.js';
import type { ResumeParts, SessionResume } from './resume.js';
import { isRelayError, type Unstamped } from './wire.js';
import type { RelaySocket } from './ws-socket.js';

/** The session as its sockets' handlers see it: its core, the parts a resume brings back, and the resume logic. */
export interface SocketContext extends SessionCore, ResumeParts {
  /** The resume logic (resume.ts), loaded when a session has to come back: after a drop or a reload. */
  resume?: SessionResume | undefined;
  resumeLoading?: Promise<SessionResume> | undefined;
}

/** The session's handlers on a new socket. */
export function wireSocket(ctx: SocketContext, socket: RelaySocket): void {
  for (const name of RELAY_EVENT_NAMES) socket.on(name, (payload: unknown) => fromRelay(ctx, socket, name, payload));
  ctx.functions.listen(socket, () => socket === ctx.link.socket);
  socket.on('connect', () => comeBack(ctx, socket));
  socket.on('disconnect', (reason) => {
    if (socket !== ctx.link.socket) return;
    ctx.chat.dropped();
    const phase = ctx.state().phase;
    if (phase === 'ended' || phase === 'idle') return ctx.close(); // nothing to come back to
    ctx.dispatch({ type: 'connection-lost' });
    loadResume(ctx).catch(() => undefined); // for the resume to come (tried again then if this fails)
    // socket.io reconnects by itself, except after a disconnect from the server side (e.g. a relay shutting down
    // with a shared store, or a test): then the session does.
    if (reason === 'io server disconnect' && ctx.state().phase === 'reconnecting') reconnectIn(ctx, socket, 300 + Math.random() * 700);
  });
  // Nor after the relay refused a reconnection (CONNECT_ERROR, the only connect_error with `data`): one shutting down
  // says `unavailable`, and the session tries again in 1 to 5 s; any other refusal (this page's origin no longer
  // allowed) is for good, and the session ends with it.
  socket.on('connect_error', ({ data }: { data?: unknown }) => {
    if (!isRelayError(data) || socket !== ctx.link.socket || ctx.state().phase !== 'reconnecting') return;
    if (data.code === 'unavailable') return reconnectIn(ctx, socket, 1e3 + Math.random() * 4e3);
    ctx.close();
    ctx.dispatch({ type: 'resume-failed', error: data, reload: false });
  });
}

/** `socket` is connected again while the session waits to come back: it resumes, once the resume logic is loaded. */
function comeBack(ctx: SocketContext, socket: RelaySocket): void {
  if (socket !== ctx.link.socket || ctx.state().phase !== 'reconnecting') return;
  const resume = ctx.resume;
  // Not loaded (the import at the drop failed): loaded now, or tried again in 2 s.
  if (!resume) loadResume(ctx).then(() => comeBack(ctx, socket), () => reconnectIn(ctx, socket, 2_000));
  else if (!resume.resuming) void resume.resume(false);
}

/** In `ms`: `socket` connects again, or (when it is connected already) the session comes back. */
export function reconnectIn(ctx: SocketContext, socket: RelaySocket, ms: number): void {
  ctx.link.scheduleReconnect(socket, ms, () => comeBack(ctx, socket));
}

/** The resume logic, imported once (a failed import is tried again the next time). */
export function loadResume(ctx: SocketContext): Promise<SessionResume> {
  return (ctx.resumeLoading ??= import('./resume.js').then(
    ({ SessionResume }) => (ctx.resume = new SessionResume(ctx, ctx)),
    (err: unknown) => {
      ctx.resumeLoading = undefined;
      throw err;
    },
  ));
}

function fromRelay(ctx: SocketContext, socket: RelaySocket, name: RelayEventName, payload: unknown): void {
  if (socket !== ctx.link.socket || typeof payload !== 'object' || payload === null) return;
  if (name === 'control:event' && !ctx.functions.allows(name)) return;
  if (name === 'chat:typing') {
    const info = payload as { from?: unknown; typing?: unknown };
    if (info.from === 'technician' && info.typing === true) ctx.chat.technicianTyping();
  }
  ctx.dispatch({ type: 'relay', name, payload } as Unstamped<RelayEvent>);
  if (name === 'chat:message') ctx.chat.fillGap();
}
