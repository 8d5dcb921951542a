/**
 * Chat: messages (with per-session budgets on a shared store), typing, history, and the audit log as a member reads it.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuditEntry, ChatMessage } from '../../protocol/index.js';
import { secondsSince } from '../clock.js';
import { take } from '../limits.js';
import { fail, ok, type Result } from '../results.js';
import type { RelayStore } from '../store.js';
import { other, type Caller, type SessionContext } from './context.js';

export class Chat {
  readonly #ctx: SessionContext;
  /** Shared chat budgets found exhausted: until when (ms since epoch), by counter key. */
  readonly #outOfBudget = new Map<string, number>();

  constructor(ctx: SessionContext) {
    this.#ctx = ctx;
  }

  /**
   * Not async itself: each path is one async step (a chat message goes through as few promises as it can). The
   * delivery time is from the event's receipt (its wait behind the socket's earlier events included) to the broadcast
   * handed over.
   */
  send(caller: Caller, clientId: string, text: string): Promise<Result<{ message: ChatMessage; duplicate: boolean }>> {
    if (text.length > this.#ctx.opts.maxMessageLength) return Promise.resolve(fail('too-large'));
    const shared = this.#ctx.limits.messages;
    const store = this.#ctx.store;
    if (shared && store.sendMessage) return this.#sendShared(caller, clientId, text, shared, store as Required<Pick<RelayStore, 'sendMessage'>>);
    return this.#sendHere(caller, clientId, text, shared);
  }

  async #sendHere(caller: Caller, clientId: string, text: string, shared: RateLimiterAbstract | undefined): Promise<Result<{ message: ChatMessage; duplicate: boolean }>> {
    // A shared budget is taken in the same round trip as the session read; the per-socket one only from members.
    let member;
    let wait;
    if (shared) {
      let sharedWait;
      [member, sharedWait] = await Promise.all([this.#ctx.activeMember(caller), caller.sessionId ? take(shared, `${caller.sessionId}:${caller.role}`) : 0]);
      if (!member.ok) return member;
      wait = sharedWait;
    } else {
      member = await this.#ctx.activeMember(caller);
      if (!member.ok) return member;
      wait = caller.limits.message();
    }
    if (wait > 0) return fail('rate-limited', { retryAfter: wait });
    const { message, duplicate } = await this.#ctx.store.appendMessage(member.record.id, { clientId, from: caller.role, text, at: Date.now() });
    // The sender has the message from the acknowledgement; only the other side needs the broadcast. A duplicate goes
    // again: the sender resends when it did not hear back, and the first broadcast may not have gone out either.
    this.#ctx.out.toSession(member.record.id, other(caller.role), 'chat:message', message);
    this.#sent(caller, duplicate);
    return { ok: true, message, duplicate };
  }

  #sent(caller: Caller, duplicate: boolean): void {
    this.#ctx.metrics.chatSent(caller.role, caller.receivedAt === undefined ? 0 : secondsSince(caller.receivedAt), duplicate);
  }

  /**
   * `send` on a store a round trip away: membership, the shared budget and the append are one atomic step in the
   * store (one round trip instead of two). A participant found out of budget is refused here, without a round trip,
   * until its window ends (as the limiter's `inMemoryBlockOnConsumed`).
   */
  async #sendShared(
    caller: Caller,
    clientId: string,
    text: string,
    limiter: RateLimiterAbstract,
    store: Required<Pick<RelayStore, 'sendMessage'>>,
  ): Promise<Result<{ message: ChatMessage; duplicate: boolean }>> {
    if (!caller.sessionId) return fail('not-in-session');
    const key = limiter.getKey(`${caller.sessionId}:${caller.role}`);
    const now = Date.now();
    const blockedUntil = this.#outOfBudget.get(key);
    if (blockedUntil !== undefined) {
      if (blockedUntil > now) return fail('rate-limited', { retryAfter: blockedUntil - now });
      this.#outOfBudget.delete(key);
    }
    const to = other(caller.role);
    // The store writes the broadcast with the message (a duplicate too), so a stored message is always on its way.
    const broadcast = this.#ctx.out.streamEntry?.(caller.sessionId, to, 'chat:message');
    const draft = { clientId, from: caller.role, text, at: now };
    const outcome = await store.sendMessage(caller.sessionId, caller.conn, draft, { key, points: limiter.points, durationSec: limiter.duration }, broadcast);
    switch (outcome.status) {
      case 'ok':
        if (broadcast) this.#ctx.out.toSessionHere(caller.sessionId, to, 'chat:message', outcome.message);
        else this.#ctx.out.toSession(caller.sessionId, to, 'chat:message', outcome.message);
        this.#sent(caller, outcome.duplicate);
        return { ok: true, message: outcome.message, duplicate: outcome.duplicate };
      case 'rate-limited':
        if (this.#outOfBudget.size >= 10_000) {
          for (const [k, until] of this.#outOfBudget) if (until <= now) this.#outOfBudget.delete(k);
        }
        this.#outOfBudget.set(key, Date.now() + outcome.retryAfter);
        return fail('rate-limited', { retryAfter: outcome.retryAfter });
      default:
        return fail(outcome.status);
    }
  }

  async typing(caller: Caller, typing: boolean): Promise<Result> {
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    this.#ctx.out.toSession(member.record.id, other(caller.role), 'chat:typing', { from: caller.role, typing });
    return ok({});
  }

  async history(caller: Caller, afterSeq: number): Promise<Result<{ messages: ChatMessage[] }>> {
    const member = await this.#ctx.member(caller);
    if (!member.ok) return member;
    return ok({ messages: await this.#ctx.store.messagesAfter(member.record.id, afterSeq) });
  }

  async auditLog(caller: Caller): Promise<Result<{ entries: AuditEntry[] }>> {
    const member = await this.#ctx.member(caller);
    if (!member.ok) return member;
    return ok({ entries: await this.#ctx.store.audit(member.record.id) });
  }
}
