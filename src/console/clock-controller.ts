import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The current time for countdowns and waiting times: `now` is read afresh before every render of the host, which is
 * re-rendered once a second while `running`; the timer stops when the host leaves the page. The host decides after
 * each render whether anything on show needs the clock.
 */
export class ClockController implements ReactiveController {
  now = Date.now();
  readonly #host: ReactiveControllerHost;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, intervalMs = 1000) {
    this.#host = host;
    this.#intervalMs = intervalMs;
    host.addController(this);
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  set running(on: boolean) {
    if (on && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#host.requestUpdate(), this.#intervalMs);
    } else if (!on && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Every render reads the time afresh (a render caused by anything else must not show a stale countdown). */
  hostUpdate(): void {
    this.now = Date.now();
  }

  hostDisconnected(): void {
    this.running = false;
  }
}
