/**
 * What customers tell the vendor besides the chat: the rating at the end of a session, and the messages left while
 * nobody could chat (kept for the technicians' list, announced to technicians online, relay.events and the webhook).
 */
import type { LeftMessage, Payload } from '../../protocol/index.js';
import { generateId } from '../codes.js';
import { take } from '../limits.js';
import { fail, ok, type Result } from '../results.js';
import { toView, type Caller, type SessionContext } from './context.js';

export class Feedback {
  readonly #ctx: SessionContext;

  constructor(ctx: SessionContext) {
    this.#ctx = ctx;
  }

  /** The customer rates their session, once, after it ended; recorded in the audit log and told to both sides. */
  async rate(caller: Caller, { score, comment }: Payload<'session:rate'>): Promise<Result> {
    const member = await this.#ctx.member(caller);
    if (!member.ok) return member;
    const at = Date.now();
    const text = comment ? comment : undefined;
    let rated = false;
    const record = await this.#ctx.store.updateSession(member.record.id, (s) => {
      rated = s.state === 'ended' && s.rating === undefined;
      return rated ? { ...s, rating: { score, ...(text ? { comment: text } : {}), at } } : undefined;
    });
    if (!record) return fail('not-in-session');
    if (!rated) return fail('invalid-state', { detail: record.state === 'ended' ? 'already rated' : 'a session is rated after it ended' });
    await this.#ctx.audit(record.id, { actor: 'customer', type: 'session-rated', detail: String(score), ...(text ? { comment: text } : {}) });
    this.#ctx.out.toSession(record.id, 'both', 'session:update', toView(record));
    const tech = record.technician;
    this.#ctx.hooks.rated?.({
      sessionId: record.id,
      score,
      ...(text ? { comment: text } : {}),
      at,
      ...(tech ? { technician: { id: tech.id, name: tech.name, org: tech.org } } : {}),
    });
    this.#ctx.log.info({ sessionId: record.id, score }, 'session rated');
    return ok({});
  }

  /** A customer leaves a message with a way to be reached; a few per address and hour. */
  async leave(caller: Caller, payload: Payload<'message:leave'>): Promise<Result<{ id: string }>> {
    const wait = await take(this.#ctx.limits.leftMessagesByAddress, caller.address);
    if (wait > 0) return fail('rate-limited', { retryAfter: wait });
    const message: LeftMessage = {
      id: generateId(),
      name: payload.name,
      contact: payload.contact,
      text: payload.text,
      at: Date.now(),
      ...(payload.lang ? { lang: payload.lang } : {}),
    };
    await this.#ctx.store.addLeftMessage(message, this.#ctx.opts.maxLeftMessages);
    this.#ctx.out.toTechnicians('inbox:new', message);
    this.#ctx.hooks.messageLeft?.(message);
    this.#ctx.log.info({ leftMessage: message.id }, 'message left');
    return ok({ id: message.id });
  }

  /** The messages left, newest first, for a technician's console. */
  async inbox(): Promise<Result<{ messages: LeftMessage[] }>> {
    return ok({ messages: await this.#ctx.store.leftMessages() });
  }

  /**
   * The vendor's native agent declares itself for a session (`name`), or is gone (`undefined`): remote control is
   * then worded as full control, or as pointing only (PROTOCOL §19). False when the session is not live.
   */
  async declareAgent(sessionId: string, name: string | undefined): Promise<boolean> {
    const since = Date.now();
    let changed = false;
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
      if (s.state === 'ended') return undefined;
      changed = s.agent?.name !== name;
      if (!changed) return undefined;
      const { agent: _agent, ...rest } = s;
      return name === undefined ? rest : { ...rest, agent: { name, since } };
    });
    if (!record || record.state === 'ended') return false;
    if (!changed) return true;
    await this.#ctx.audit(sessionId, name === undefined ? { actor: 'relay', type: 'agent-disconnected' } : { actor: 'relay', type: 'agent-connected', detail: name });
    this.#ctx.out.toSession(sessionId, 'both', 'session:update', toView(record));
    return true;
  }
}
