/**
 * The box's background notifications (attention-controller.ts: the unread count in the page's title, the chime, the
 * desktop notifications and their toggle) are a part of their own (screens/lazy.ts), off the English path: loaded
 * with the first message from the technician, or when the page gets hidden. Until then there is nothing to mark or
 * to notify, and the chat shows no notification toggle. A part that could not be loaded is tried again with the next
 * message; meanwhile the chat goes on without it (like the pointer, it is no screen of its own).
 */
import type { ReactiveController } from 'lit';
import type { AttentionController, AttentionHost } from './attention-controller.js';
import type { NotifyState } from './notify-opt-in.js';
import { attentionPart } from './screens/lazy.js';

export class LazyAttention implements ReactiveController {
  readonly #host: AttentionHost;
  readonly #minimised: () => boolean;
  #controller: AttentionController | undefined;
  #sound = false;
  readonly #visibility = (): void => {
    if (document.hidden) void this.#load().catch(() => undefined);
  };

  /** `minimised`: whether the box is closed to the launcher right now. */
  constructor(host: AttentionHost, minimised: () => boolean) {
    this.#host = host;
    this.#minimised = minimised;
    host.addController(this);
  }

  /** The chime on new messages (the widget's `sound` attribute). */
  set sound(on: boolean) {
    this.#sound = on;
    if (this.#controller) this.#controller.sound = on;
  }

  /** The desktop-notification toggle's state; undefined until the part is loaded (no toggle yet). */
  get notify(): NotifyState | undefined {
    return this.#controller?.notify;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#visibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#visibility);
  }

  /** The box was opened (false) or minimised (true); before the part is loaded there is nothing to clear. */
  minimised(minimised: boolean): void {
    this.#controller?.minimised(minimised);
  }

  /** A technician's message came in: handled once the part is loaded (in the order they came). */
  message(from: string, text: string): void {
    this.#load().then(
      (controller) => controller.message(from, text),
      () => undefined,
    );
  }

  /** The customer's click on the toggle, which only shows once the part is loaded. */
  toggleNotify(): void {
    this.#controller?.toggleNotify();
  }

  #load(): Promise<AttentionController> {
    return attentionPart.ready().then(({ AttentionController }) => {
      if (!this.#controller) {
        // It adds itself to the host and starts following the page's visibility (it is connected already).
        this.#controller = new AttentionController(this.#host, this.#minimised);
        this.#controller.sound = this.#sound;
        this.#host.requestUpdate();
      }
      return this.#controller;
    });
  }
}
