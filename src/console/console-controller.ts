/**
 * The one place where the console element creates its session logic. A reactive controller: it makes the desk
 * (`ConsoleDesk`: one ConsoleSession per session held) for the element's relay when first needed, signs in again by
 * itself after a page reload (token in the tab's storage; every session of the desk re-attaches), re-renders the host
 * on every state change and destroys the desk when the element leaves the page (storage stays, so the next page can
 * re-attach). The element never sees a socket.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsoleSession, ConsoleSessionOptions } from './session/console-session.js';
import { ConsoleDesk } from './session/desk.js';
import { initialConsoleState } from './session/reducer.js';
import type { ConsoleAction, ConsoleState } from './session/types.js';

export interface ConsoleControllerOptions {
  /** The relay URL (the `server` attribute). */
  server(): string;
  /** Called after every state change of the console on show, with its cause (`desk`: the list or the selection). */
  changed?(state: ConsoleState, action: ConsoleAction | { type: 'desk' }): void;
  /** Extra ConsoleSession options (storage, socket options). */
  sessionOptions?(): Omit<ConsoleSessionOptions, 'server'>;
}

export class ConsoleController implements ReactiveController {
  /** The latest state of the console on show; replaced (never mutated) on every change. */
  state: ConsoleState = initialConsoleState();
  readonly #host: ReactiveControllerHost;
  readonly #options: ConsoleControllerOptions;
  #desk: ConsoleDesk | undefined;
  #server = '';
  #unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, options: ConsoleControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The desk, created on demand; undefined while there is no `server`. */
  get desk(): ConsoleDesk | undefined {
    const server = this.#options.server();
    if (!this.#desk && server) {
      const desk = new ConsoleDesk({ ...this.#options.sessionOptions?.(), server });
      this.#desk = desk;
      this.#server = server;
      this.state = desk.state;
      this.#unsubscribe = desk.subscribe((state, action) => {
        this.state = state;
        this.#host.requestUpdate();
        this.#options.changed?.(state, action);
      });
    }
    return this.#desk;
  }

  /** The session logic on show (the desk's selected console). */
  get session(): ConsoleSession | undefined {
    return this.desk?.selected;
  }

  hostConnected(): void {
    const desk = this.desk;
    if (desk?.canRestore && desk.state.connection === 'signed-out') void desk.restore();
  }

  hostDisconnected(): void {
    this.#drop();
  }

  /**
   * Call when `server` changed: the first relay makes the desk (signing in again after a reload); another relay means
   * another desk (signed out), unless a session is live in any of its consoles.
   */
  serverChanged(): void {
    if (this.#desk) {
      if (this.#server === this.#options.server()) return;
      if (this.#desk.entries.some((e) => e.state !== undefined && e.state !== 'ended')) return;
      this.#drop();
    }
    this.hostConnected();
    this.#host.requestUpdate();
  }

  #drop(): void {
    this.#unsubscribe?.();
    this.#desk?.destroy();
    this.#unsubscribe = this.#desk = undefined;
    this.state = initialConsoleState();
  }
}
