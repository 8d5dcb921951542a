/**
 * The one place where the console element creates its session logic. A reactive controller: it makes a ConsoleSession
 * for the element's relay when first needed, signs in again by itself after a page reload (token in the tab's storage),
 * re-renders the host on every state change and destroys the session when the element leaves the page (storage stays,
 * so the next page can re-attach). The element never sees the socket.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConsoleSession, type ConsoleSessionOptions } from './session/console-session.js';
import { initialConsoleState } from './session/reducer.js';
import type { ConsoleAction, ConsoleState } from './session/types.js';

export interface ConsoleControllerOptions {
  /** The relay URL (the `server` attribute). */
  server(): string;
  /** Called after every state change, with its cause. */
  changed?(state: ConsoleState, action: ConsoleAction): void;
  /** Extra ConsoleSession options (storage, socket options). */
  sessionOptions?(): Omit<ConsoleSessionOptions, 'server'>;
}

export class ConsoleController implements ReactiveController {
  /** The latest state; replaced (never mutated) on every change. */
  state: ConsoleState = initialConsoleState();
  readonly #host: ReactiveControllerHost;
  readonly #options: ConsoleControllerOptions;
  #session: ConsoleSession | undefined;
  #server = '';
  #unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, options: ConsoleControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The session logic, created on demand; undefined while there is no `server`. */
  get session(): ConsoleSession | undefined {
    const server = this.#options.server();
    if (!this.#session && server) {
      const session = new ConsoleSession({ ...this.#options.sessionOptions?.(), server });
      this.#session = session;
      this.#server = server;
      this.state = session.state;
      this.#unsubscribe = session.subscribe((state, action) => {
        this.state = state;
        this.#host.requestUpdate();
        this.#options.changed?.(state, action);
      });
    }
    return this.#session;
  }

  hostConnected(): void {
    const session = this.session;
    if (session?.canRestore && session.state.connection === 'signed-out') void session.restore();
  }

  hostDisconnected(): void {
    this.#drop();
  }

  /**
   * Call when `server` changed: the first relay makes the session logic (signing in again after a reload); another
   * relay means another session logic (signed out), unless a session is live.
   */
  serverChanged(): void {
    if (this.#session) {
      if (this.#server === this.#options.server()) return;
      const live = this.state.session && this.state.session.state !== 'ended';
      if (live) return;
      this.#drop();
    }
    this.hostConnected();
    this.#host.requestUpdate();
  }

  #drop(): void {
    this.#unsubscribe?.();
    this.#session?.destroy();
    this.#unsubscribe = this.#session = undefined;
    this.state = initialConsoleState();
  }
}
