/**
 * The box's background notifications (attention.ts) bound to the page: the document's title and visibility, the chime
 * (chime.ts, a chunk of its own loaded on the first chime, only with the `sound` attribute) and desktop notifications once the customer turned them on
 * (notify-opt-in.ts, whose toggle the box keeps: lazy-attention.ts). A reactive controller: it follows `visibilitychange` while the box is on the page, and the box's
 * own state (open or minimised, the `sound` attribute) as it updates, and gives the page its title back when the box leaves it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Attention, type AttentionEnv } from './attention.js';
import type { NotifyOptIn } from './notify-opt-in.js';

export interface AttentionHost extends ReactiveControllerHost {
  /** Opens the box (a click on a desktop notification). */
  show(): void;
  /** The box is open (not minimised to the launcher). */
  readonly open: boolean;
  /** The chime on new messages (the widget's `sound` attribute). */
  readonly sound: boolean;
}

export class AttentionController implements ReactiveController {
  readonly #host: AttentionHost;
  readonly #optIn: NotifyOptIn;
  readonly #attention: Attention;
  readonly #visibility = () => this.#attention.visibilityChanged();

  /** `optIn`: the customer's toggle (kept in the box). */
  constructor(host: AttentionHost, optIn: NotifyOptIn) {
    this.#host = host;
    this.#optIn = optIn;
    this.#attention = new Attention(this.#env());
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#visibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#visibility);
    this.#attention.clear();
  }

  /** Follows the box: opening it gives the page its title back. */
  hostUpdated(): void {
    this.#attention.setMinimised(!this.#host.open);
  }

  /** A technician's message came in (it may come before the box rendered its latest open or close). */
  message(from: string, text: string): void {
    const attention = this.#attention;
    attention.sound = this.#host.sound;
    attention.setMinimised(!this.#host.open);
    attention.message(from, text);
  }

  #env(): AttentionEnv {
    const optIn = this.#optIn;
    const host = this.#host;
    return {
      get title() {
        return document.title;
      },
      set title(value: string) {
        document.title = value;
      },
      get pageHidden() {
        return document.hidden;
      },
      get notificationPermission() {
        return optIn.permission;
      },
      chime: () => void import('./chime.js').then(({ playChime }) => playChime(), () => undefined),
      notify(title: string, body: string) {
        try {
          // Plain text: the Notification API shows `title` and `body` as text, never as markup.
          const n = new Notification(title, { body, tag: 'remote-support-chat' });
          n.onclick = () => {
            globalThis.focus();
            host.show();
            n.close();
          };
        } catch {
          // Some browsers allow notifications only from a service worker: then the title and the chime remain.
        }
      },
    };
  }
}
