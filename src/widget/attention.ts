/**
 * Telling a customer who is looking elsewhere that the technician wrote: while the page is hidden or the box is
 * minimised, each technician message counts as unread, the page title shows the count ("(2) Page title"), a short
 * chime plays when the vendor turned sound on, and a desktop notification appears when the customer asked for them
 * (with a click: the permission is never requested otherwise). Coming back clears it all and gives the title back.
 * The browser is reached only through `AttentionEnv`, so the logic is tested without one.
 */

export interface AttentionEnv {
  /** The page's title, read and written. */
  title: string;
  /** The page is in a background tab or minimised window (`document.hidden`). */
  readonly pageHidden: boolean;
  /** Plays the chime (chime.ts); only called when sound is on. */
  chime(): void;
  /** 'granted' once the customer allowed desktop notifications. */
  readonly notificationPermission: NotificationPermission | 'unsupported';
  /** Shows a desktop notification; only called with permission. */
  notify(title: string, body: string): void;
}

/** The marker put before the page's title: "(3) ". */
export function markedTitle(base: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${base}` : base;
}

const MARKER = /^\(\d+\) /;

/** Longest text of a message shown in a desktop notification. */
export const NOTIFICATION_TEXT_MAX = 140;

export class Attention {
  readonly #env: AttentionEnv;
  #unread = 0;
  /** The page's own title while ours is shown (it may change it meanwhile). */
  #base: string | undefined;
  #minimised = false;
  /** Play the chime (the widget's `sound` attribute). */
  sound = false;

  constructor(env: AttentionEnv) {
    this.#env = env;
  }

  get unread(): number {
    return this.#unread;
  }

  /** Whether the customer is looking elsewhere: the page hidden, or the box minimised. */
  get away(): boolean {
    return this.#env.pageHidden || this.#minimised;
  }

  /** The box was minimised (true) or opened (false). */
  setMinimised(minimised: boolean): void {
    this.#minimised = minimised;
    this.#update();
  }

  /** The page became visible or hidden (`visibilitychange`). */
  visibilityChanged(): void {
    this.#update();
  }

  /** A technician message arrived: counted, and signalled, while the customer is away. */
  message(from: string, text: string): void {
    if (!this.away) return;
    this.#unread++;
    this.#showTitle();
    if (this.sound) this.#env.chime();
    if (this.#env.pageHidden && this.#env.notificationPermission === 'granted') {
      const body = text.length > NOTIFICATION_TEXT_MAX ? `${text.slice(0, NOTIFICATION_TEXT_MAX - 1)}…` : text;
      this.#env.notify(from, body);
    }
  }

  /** Gives the page its title back and forgets the count (the widget is going away). */
  clear(): void {
    this.#unread = 0;
    this.#restoreTitle();
  }

  #update(): void {
    if (!this.away) this.clear();
  }

  #showTitle(): void {
    const current = this.#env.title;
    // The page changed its title meanwhile: that is the new base.
    if (this.#base === undefined || current !== markedTitle(this.#base, this.#unread - 1)) this.#base = current.replace(MARKER, '');
    this.#env.title = markedTitle(this.#base, this.#unread);
  }

  #restoreTitle(): void {
    if (this.#base === undefined) return;
    if (MARKER.test(this.#env.title)) this.#env.title = this.#env.title.replace(MARKER, '');
    this.#base = undefined;
  }
}
