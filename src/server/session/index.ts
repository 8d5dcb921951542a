/**
 * The session concerns, built in dependency order over one shared context. Each is a module of its own
 * (lifecycle, queue, presence, chat, consent, screen, files, one-shot, feedback, hand-off); none knows anything of sockets: they tell
 * participants what happened through the Outbox, and the socket layer (routes.ts) maps events to their methods.
 */
import type { Logger } from 'pino';
import type { Limiters } from '../limits.js';
import type { RelayMetrics } from '../metrics.js';
import type { ResolvedOptions } from '../options.js';
import type { RelayStore } from '../store.js';
import { Chat } from './chat.js';
import { Consent } from './consent.js';
import { Feedback } from './feedback.js';
import { SessionContext, type Outbox, type SessionHooks } from './context.js';
import { Files } from './files.js';
import { Handoff } from './handoff.js';
import { Lifecycle } from './lifecycle.js';
import { OneShot } from './one-shot.js';
import { Presence } from './presence.js';
import { Queue } from './queue.js';
import { RefusalLog } from './refusals.js';
import { Screen } from './screen.js';

export type { Caller, Outbox, SessionHooks, Target } from './context.js';

export interface Sessions {
  readonly lifecycle: Lifecycle;
  readonly queue: Queue;
  readonly presence: Presence;
  readonly chat: Chat;
  readonly consent: Consent;
  readonly screen: Screen;
  readonly files: Files;
  readonly oneShot: OneShot;
  readonly feedback: Feedback;
  readonly handoff: Handoff;
  /** Stops all timers; later drops are ignored. */
  close(): void;
}

export function createSessions(opts: ResolvedOptions, store: RelayStore, limits: Limiters, out: Outbox, log: Logger, hooks: SessionHooks, metrics: RelayMetrics): Sessions {
  const ctx = new SessionContext(opts, store, limits, out, log, hooks, metrics);
  // Consent sits below the concerns that use its gate; what a lost grant stops there reaches them through GrantLoss.
  const refusals = new RefusalLog(ctx);
  const consent: Consent = new Consent(
    ctx,
    {
      relayCancel: (sessionId, reason): Promise<void> => files.relayCancel(sessionId, reason),
      screenGone: (sessionId, why): Promise<void> => screen.screenGone(sessionId, why),
    },
    refusals,
  );
  const screen = new Screen(ctx, consent);
  const files = new Files(ctx, consent);
  const queue = new Queue(ctx);
  const lifecycle = new Lifecycle(ctx, consent, files, queue);
  const presence = new Presence(ctx, lifecycle, consent, files, screen, queue);
  return {
    lifecycle,
    queue,
    presence,
    chat: new Chat(ctx),
    consent,
    screen,
    files,
    oneShot: new OneShot(ctx, consent),
    feedback: new Feedback(ctx),
    handoff: new Handoff(ctx, consent, presence),
    close: () => {
      refusals.close();
      queue.close();
      ctx.timers.close();
    },
  };
}
