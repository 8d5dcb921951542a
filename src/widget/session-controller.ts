/**
 * The one place where the widget creates its session logic. A reactive controller: it makes a session when the
 * element joins the page (and resumes one this tab was in before a reload), re-renders the host on every state
 * change, hands notices to the host (which turns them into `rsw-*` events), and destroys the session when the element
 * leaves the page. The element never sees the socket.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { giveHint } from '../ui/give-hint.js';
import type { WidgetNotice, WidgetSessionLike, WidgetSessionOptions, WidgetState } from './session/types.js';
import { initialWidgetState } from './session/reducer.js';
import { WidgetSession } from './session/widget-session.js';
import type { Answer, PayloadOf } from './session/wire.js';

export type SessionFactory = (options: WidgetSessionOptions) => WidgetSessionLike;

const defaultFactory: SessionFactory = (options) => new WidgetSession(options);

/** How sessions are made: the real session logic unless a test replaced it. */
let createSession: SessionFactory = defaultFactory;

/** Replaces how sessions are made (view tests with a stand-in session); no argument restores the real one. */
export function setSessionFactory(factory: SessionFactory = defaultFactory): void {
  createSession = factory;
}

/** The state shown while there is no session object (no `server` yet). */
const idleState = initialWidgetState;

export interface SessionControllerOptions {
  /** The relay URL (the `server` attribute). */
  server(): string;
  /** socket.io options from the element's connection attributes (`path`, `transports`). */
  socketOptions(): Record<string, unknown>;
  /** Called for every notice, after `state` is updated. */
  notice(notice: WidgetNotice): void;
  /** A session this tab was in before a reload came back (the box shows it at once). */
  resumed(): void;
}

export class SessionController implements ReactiveController {
  /** The latest state; replaced (never mutated) on every change. */
  state: WidgetState = idleState();
  readonly #host: ReactiveControllerHost;
  readonly #options: SessionControllerOptions;
  #session: WidgetSessionLike | undefined;
  /** The relay this session was made for (`#key()`). */
  #relay = '';
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, options: SessionControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The session, created on demand; undefined while there is no `server`. */
  get session(): WidgetSessionLike | undefined {
    if (!this.#session && this.#options.server()) this.#create();
    return this.#session;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#resume();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#drop();
    this.state = idleState();
  }

  /** Call when `server`, `path` or `transports` changed: a new relay means a new session, unless the customer is in one. */
  serverChanged(): void {
    if (this.#session && this.#relay !== this.#key() && (this.state.phase === 'idle' || this.state.phase === 'ended')) {
      this.#drop();
      this.state = idleState();
      this.#host.requestUpdate();
    }
    if (this.#connected) this.#resume();
  }

  /** A session this tab was in before a reload (resume token in storage) comes back by itself. */
  #resume(): void {
    if (this.#session || !this.session) return;
    this.session.tryResume().then(
      (resumed) => resumed && this.#options.resumed(),
      () => undefined,
    );
  }

  /** Leaves a message for the vendor on a connection of its own (no session needed); loaded when first used. */
  async leaveMessage(payload: PayloadOf<'message:leave'>): Promise<Answer<'message:leave'>> {
    const server = this.#options.server();
    if (!server) {
      giveHint((h) => h.hintNoServer('remote-support-widget'));
      return { ok: false, error: 'unreachable' };
    }
    try {
      const { sendLeftMessage } = await import('./session/leave-message.js');
      return await sendLeftMessage({ server, socketOptions: this.#options.socketOptions() }, payload);
    } catch {
      return { ok: false, error: 'unreachable' };
    }
  }

  /**
   * Shows an error without a session (no `server` configured): the customer sees "cannot be reached", the page's
   * developer a hint in the console.
   */
  fail(): void {
    this.state = { ...this.state, error: { code: 'unreachable', at: Date.now() } };
    this.#host.requestUpdate();
    giveHint((h) => h.hintNoServer('remote-support-widget'));
  }

  #create(): void {
    const session = createSession({ server: this.#options.server(), socketOptions: this.#options.socketOptions() });
    this.#session = session;
    this.#relay = this.#key();
    this.state = session.state;
    this.#unsubscribe = session.subscribe((state, notice) => {
      this.state = state;
      this.#host.requestUpdate();
      if (notice) this.#options.notice(notice);
    });
  }

  /** The relay and how to reach it: a change of any of them means a new session. */
  #key(): string {
    return JSON.stringify([this.#options.server(), this.#options.socketOptions()]);
  }

  #drop(): void {
    this.#unsubscribe?.();
    this.#session?.destroy();
    this.#unsubscribe = this.#session = undefined;
  }
}
