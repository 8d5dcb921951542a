/**
 * The box's background notifications (attention-controller.ts: the unread count in the page's title, the chime and
 * the desktop notifications) are a part of their own (screens/lazy.ts), off the English path: they only matter while
 * the customer looks elsewhere, so the part is loaded when the page gets hidden, when the customer minimises the box,
 * when a technician's message comes in meanwhile (those messages count once it is loaded), or when the customer turns
 * desktop notifications on. The toggle and its opt-in (notify-opt-in.ts) stay in the box, so the browser's permission
 * request runs within the customer's click. A part that could not be loaded is tried again the next time; meanwhile
 * the chat goes on without it (like the pointer, it is no screen of its own).
 */
import type { ReactiveController } from 'lit';
import type { AttentionController, AttentionHost } from './attention-controller.js';
import { browserNotifications, NotifyOptIn, type NotifyState, watchPermission } from './notify-opt-in.js';
import { attentionPart } from './screens/lazy.js';

export class LazyAttention implements ReactiveController {
  readonly #host: AttentionHost;
  readonly #optIn: NotifyOptIn;
  #controller: AttentionController | undefined;
  /** The box has been open: minimising it from then on is the customer looking away. */
  #opened = false;
  readonly #visibility = (): void => {
    if (document.hidden) this.#preload();
  };

  /** `host`: the box (whether it is open, the `sound` attribute: the part reads them from there once loaded). */
  constructor(host: AttentionHost) {
    this.#host = host;
    this.#optIn = new NotifyOptIn(browserNotifications, watchPermission, () => host.requestUpdate());
    host.addController(this);
  }

  /** The desktop-notification toggle's state. */
  get notify(): NotifyState {
    return this.#optIn.state;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#visibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#visibility);
    this.#optIn.unwatch();
  }

  /**
   * The box was opened (false) or minimised (true): loads the part once the customer minimises a box that was open (a
   * box that was never open is not the customer looking away). The part follows the box itself once loaded.
   */
  minimised(minimised: boolean): void {
    if (!minimised) this.#opened = true;
    else if (this.#opened) this.#preload();
  }

  /**
   * A technician's message came in: signalled once the part is loaded (in the order they came). Before that, one
   * that comes while the customer is away loads the part; one they see needs nothing.
   */
  message(from: string, text: string): void {
    if (this.#controller) this.#controller.message(from, text);
    else if (document.hidden || !this.#host.open) {
      this.#load().then(
        (controller) => controller.message(from, text),
        () => undefined,
      );
    }
  }

  /** The customer's click on the toggle: the permission is asked for synchronously, within the click. */
  toggleNotify(): void {
    const done = this.#optIn.toggle();
    this.#host.requestUpdate();
    void done.then(() => this.#host.requestUpdate());
    this.#preload();
  }

  #preload(): void {
    void this.#load().catch(() => undefined);
  }

  #load(): Promise<AttentionController> {
    return attentionPart.ready().then(({ AttentionController }) => {
      // It adds itself to the host and starts following the page's visibility (it is connected already).
      return (this.#controller ??= new AttentionController(this.#host, this.#optIn));
    });
  }
}
