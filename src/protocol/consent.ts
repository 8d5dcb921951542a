/**
 * The consent state machine: a pure function of (state, event) → state.
 *
 * The relay keeps one ConsentState per session and passes every request, decision, revocation and use through
 * `reduceConsent`. Nothing here reads a clock or a random source: time comes in with each event, so the relay, its
 * tests and the clients all get the same answer for the same input.
 *
 * Rules (SPEC §3): nothing is granted by default; one prompt is shown at a time and the rest wait in order; the
 * prompt on show expires after `promptTimeoutMs` and counts as denied; one-shot grants are used up by one use;
 * long-lived grants ask to be re-confirmed every `reconfirmAfterMs`, and an unanswered or refused re-confirmation
 * revokes them; revoking a function revokes the functions that require it; ending revokes everything for good.
 */
import type { ErrorCode } from './errors.js';
import { FUNCTIONS, FUNCTION_IDS, dependentsOf, type FunctionId } from './functions.js';

export type GrantStatus = 'none' | 'pending' | 'granted' | 'denied' | 'expired' | 'revoked' | 'used';

export interface Grant {
  status: GrantStatus;
  /** The state version at which this grant last changed. */
  version: number;
  /** When it last changed (ms since epoch). */
  since: number;
  /** When a granted, long-lived function must be re-confirmed. */
  reconfirmAt?: number;
}

export interface Prompt {
  /** Unique within the session. */
  id: string;
  fn: FunctionId;
  /** A first request, or a re-confirmation of a live grant. */
  kind: 'request' | 'reconfirm';
  requestedAt: number;
  /** Set once the prompt is on show (first in the queue); it then expires at this time. */
  expiresAt?: number;
}

export interface ConsentTimings {
  /** How long the customer has to answer the prompt on show. */
  promptTimeoutMs: number;
  /** How long a long-lived grant lasts before it must be re-confirmed. */
  reconfirmAfterMs: number;
}

export interface ConsentState {
  /** Grows by one with every event that changes anything. */
  version: number;
  offered: FunctionId[];
  timings: ConsentTimings;
  grants: Record<FunctionId, Grant>;
  /** Waiting prompts in order; the first is on show. */
  prompts: Prompt[];
  ended: boolean;
}

export type ConsentCause =
  | 'request'
  | 'allow'
  | 'deny'
  | 'expire'
  | 'revoke'
  | 'revoke-all'
  | 'handed-off'
  | 'dependency'
  | 'use'
  | 'end'
  | 'reconfirm-allow'
  | 'reconfirm-deny'
  | 'reconfirm-expire';

export type ConsentEvent =
  | { type: 'request'; fn: FunctionId; now: number }
  | { type: 'decide'; promptId: string; allow: boolean; now: number }
  | { type: 'tick'; now: number }
  | { type: 'revoke'; fn: FunctionId; now: number }
  | { type: 'revoke-all'; now: number }
  /** The session goes to another technician: every grant ends and every request waiting is dropped. */
  | { type: 'handoff'; now: number }
  | { type: 'use'; fn: FunctionId; now: number }
  | { type: 'end'; now: number };

export interface ConsentChange {
  fn: FunctionId;
  from: GrantStatus;
  to: GrantStatus;
  cause: ConsentCause;
  promptId?: string;
  version: number;
}

export interface ConsentResult {
  state: ConsentState;
  /** Status changes, in the order they happened. */
  changes: ConsentChange[];
  /** Prompts created by this event (requests and re-confirmations). */
  opened: Prompt[];
  /** Set when the event was refused; `state` is then unchanged except for expiries that were already due. */
  error?: ErrorCode;
}

export const DEFAULT_TIMINGS: ConsentTimings = { promptTimeoutMs: 60_000, reconfirmAfterMs: 30 * 60_000 };

/**
 * One `offered` list per set of functions, shared by every state that offers it, as a state's own lists are shared by
 * the states reduced from it: a state is never changed in place (`reduceConsent` works on a copy).
 */
const offeredLists = new Map<string, FunctionId[]>();

export function initialConsent(
  offered: readonly FunctionId[] = FUNCTION_IDS,
  timings: ConsentTimings = DEFAULT_TIMINGS,
  now = 0,
): ConsentState {
  const list = FUNCTION_IDS.filter((fn) => offered.includes(fn));
  const key = list.join(' ');
  let shared = offeredLists.get(key);
  // Frozen: a change in place would throw instead of reaching every session that offers the same functions.
  if (!shared) offeredLists.set(key, (shared = Object.freeze([...list]) as FunctionId[]));
  // Every function starts from the same grant (the reducer replaces a grant, never changes it), frozen as well.
  const none: Grant = Object.freeze({ status: 'none', version: 0, since: now });
  const grants = {} as Record<FunctionId, Grant>;
  for (const fn of FUNCTION_IDS) grants[fn] = none;
  return { version: 0, offered: shared, timings, grants, prompts: [], ended: false };
}

export function isLive(state: ConsentState, fn: FunctionId): boolean {
  return !state.ended && state.grants[fn].status === 'granted';
}

/** The prompt the customer should see now, if any. */
export function activePrompt(state: ConsentState): Prompt | undefined {
  return state.prompts[0];
}

/** The earliest time at which a `tick` would change something (prompt expiry or re-confirmation due). */
export function nextDeadline(state: ConsentState): number | undefined {
  if (state.ended) return undefined;
  let next = state.prompts[0]?.expiresAt;
  for (const fn of state.offered) {
    const g = state.grants[fn];
    if (g.status === 'granted' && g.reconfirmAt !== undefined && !state.prompts.some((p) => p.fn === fn)) {
      next = next === undefined ? g.reconfirmAt : Math.min(next, g.reconfirmAt);
    }
  }
  return next;
}

/** Mutable working copy used while one event is reduced. */
class Draft {
  readonly state: ConsentState;
  readonly changes: ConsentChange[] = [];
  readonly opened: Prompt[] = [];
  #bumped = false;

  constructor(prev: ConsentState) {
    this.state = {
      ...prev,
      grants: Object.fromEntries(FUNCTION_IDS.map((fn) => [fn, { ...prev.grants[fn] }])) as Record<FunctionId, Grant>,
      prompts: prev.prompts.map((p) => ({ ...p })),
    };
  }

  get nextVersion(): number {
    return this.#bumped ? this.state.version : this.state.version + 1;
  }

  /** Counts this event as a change (for changes that are not a grant or prompt change, e.g. ending). */
  touch(): void {
    this.#bump();
  }

  #bump(): number {
    if (!this.#bumped) {
      this.state.version += 1;
      this.#bumped = true;
    }
    return this.state.version;
  }

  set(fn: FunctionId, to: GrantStatus, cause: ConsentCause, now: number, promptId?: string): void {
    const grant = this.state.grants[fn];
    const version = this.#bump();
    this.changes.push({ fn, from: grant.status, to, cause, version, ...(promptId ? { promptId } : {}) });
    this.state.grants[fn] = { status: to, version, since: now };
    if (to === 'granted' && FUNCTIONS[fn].reconfirm) {
      this.state.grants[fn].reconfirmAt = now + this.state.timings.reconfirmAfterMs;
    }
  }

  open(fn: FunctionId, kind: Prompt['kind'], now: number): Prompt {
    const prompt: Prompt = { id: `p${this.nextVersion}-${fn}`, fn, kind, requestedAt: now };
    this.#bump();
    this.state.prompts.push(prompt);
    this.opened.push(prompt);
    this.showHead(now);
    return prompt;
  }

  /** Removes the prompt on show and starts the countdown of the next. */
  shift(now: number): void {
    this.state.prompts.shift();
    this.#bump();
    this.showHead(now);
  }

  removePromptsFor(fn: FunctionId, now: number): void {
    const wasHead = this.state.prompts[0]?.fn === fn;
    const before = this.state.prompts.length;
    this.state.prompts = this.state.prompts.filter((p) => p.fn !== fn);
    if (this.state.prompts.length !== before) this.#bump();
    if (wasHead) this.showHead(now);
  }

  showHead(now: number): void {
    const head = this.state.prompts[0];
    if (head && head.expiresAt === undefined) head.expiresAt = now + this.state.timings.promptTimeoutMs;
  }

  /** Revokes a live grant and everything that requires it. */
  revoke(fn: FunctionId, cause: ConsentCause, now: number, promptId?: string): void {
    if (this.state.grants[fn].status !== 'granted') return;
    this.set(fn, 'revoked', cause, now, promptId);
    this.removePromptsFor(fn, now);
    for (const dep of dependentsOf(fn)) {
      this.revoke(dep, 'dependency', now);
      if (this.state.grants[dep].status === 'pending') {
        this.removePromptsFor(dep, now);
        this.set(dep, 'denied', 'dependency', now);
      }
    }
  }

  result(error?: ErrorCode): ConsentResult {
    return { state: this.state, changes: this.changes, opened: this.opened, ...(error ? { error } : {}) };
  }
}

/**
 * Applies everything that fell due up to `now`, in time order and each at the time it fell due (not when we noticed):
 * the prompt on show expires at its `expiresAt` (and the next prompt's countdown starts then), and a re-confirmation
 * prompt opens at the grant's `reconfirmAt`. So a late tick or a late technician event gives the same state as ticks
 * that came exactly on time, and a grant whose re-confirmation ran out is never still live.
 */
function tick(d: Draft, now: number): void {
  if (d.state.ended) return;
  for (;;) {
    const head = d.state.prompts[0];
    const expiry = head?.expiresAt !== undefined && head.expiresAt <= now ? head.expiresAt : undefined;
    let due: { fn: FunctionId; at: number } | undefined;
    for (const fn of d.state.offered) {
      const g = d.state.grants[fn];
      if (g.status !== 'granted' || g.reconfirmAt === undefined || g.reconfirmAt > now) continue;
      if (d.state.prompts.some((p) => p.fn === fn)) continue;
      if (!due || g.reconfirmAt < due.at) due = { fn, at: g.reconfirmAt };
    }
    if (head && expiry !== undefined && (!due || expiry <= due.at)) {
      d.state.prompts.shift();
      if (head.kind === 'request') {
        d.set(head.fn, 'expired', 'expire', expiry, head.id);
      } else {
        d.revoke(head.fn, 'reconfirm-expire', expiry, head.id);
      }
      d.showHead(expiry);
    } else if (due) {
      d.open(due.fn, 'reconfirm', due.at);
    } else {
      return;
    }
  }
}

export function reduceConsent(prev: ConsentState, event: ConsentEvent): ConsentResult {
  const d = new Draft(prev);
  const { now } = event;
  tick(d, now);
  const s = d.state;
  if (event.type === 'tick') return d.result();
  if (s.ended) return d.result('session-ended');

  switch (event.type) {
    case 'request': {
      const { fn } = event;
      if (!s.offered.includes(fn)) return d.result('function-unavailable');
      if (s.grants[fn].status === 'granted') return d.result('already-granted');
      if (s.prompts.some((p) => p.fn === fn)) return d.result('already-pending');
      const required = FUNCTIONS[fn].requires;
      if (required && s.grants[required].status !== 'granted') return d.result('requires-function');
      const prompt = d.open(fn, 'request', now);
      d.set(fn, 'pending', 'request', now, prompt.id);
      return d.result();
    }
    case 'decide': {
      const index = s.prompts.findIndex((p) => p.id === event.promptId);
      if (index < 0) return d.result('not-found');
      if (index > 0) return d.result('invalid-state');
      const prompt = s.prompts[0]!;
      d.shift(now);
      if (prompt.kind === 'request') {
        d.set(prompt.fn, event.allow ? 'granted' : 'denied', event.allow ? 'allow' : 'deny', now, prompt.id);
      } else if (event.allow) {
        d.set(prompt.fn, 'granted', 'reconfirm-allow', now, prompt.id);
      } else {
        d.revoke(prompt.fn, 'reconfirm-deny', now, prompt.id);
      }
      return d.result();
    }
    case 'revoke': {
      d.revoke(event.fn, 'revoke', now);
      return d.result();
    }
    case 'revoke-all':
    case 'handoff': {
      const cause = event.type === 'handoff' ? 'handed-off' : 'revoke-all';
      for (const fn of s.offered) d.revoke(fn, cause, now);
      for (const prompt of [...s.prompts]) {
        d.removePromptsFor(prompt.fn, now);
        if (s.grants[prompt.fn].status === 'pending') d.set(prompt.fn, 'denied', cause, now, prompt.id);
      }
      return d.result();
    }
    case 'use': {
      const { fn } = event;
      if (!s.offered.includes(fn)) return d.result('function-unavailable');
      if (s.grants[fn].status !== 'granted') return d.result('not-granted');
      if (FUNCTIONS[fn].kind === 'one-shot') d.set(fn, 'used', 'use', now);
      return d.result();
    }
    case 'end': {
      for (const fn of s.offered) d.revoke(fn, 'end', now);
      for (const prompt of [...s.prompts]) {
        d.removePromptsFor(prompt.fn, now);
        if (s.grants[prompt.fn].status === 'pending') d.set(prompt.fn, 'denied', 'end', now, prompt.id);
      }
      s.prompts = [];
      s.ended = true;
      d.touch();
      return d.result();
    }
  }
}
