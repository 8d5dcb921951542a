import { updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { formatTime } from './format.js';
import { linkifyMessage } from './linkify.js';
import type { MessageItemOf } from './messages.js';

/**
 * The chat history of the widget (`rsw-chat-log`) and the console (`rsc-chat-log`): the `items`, `typing` and
 * `locale` properties, following new lines while the reader is at the bottom, and a message's bubble. Subclasses
 * render the log, the system lines and the sending state.
 */
export abstract class ChatLogBase<I> extends LitElement {
  static override properties: PropertyDeclarations = {
    items: { attribute: false },
    typing: { type: Boolean },
    locale: {},
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Messages and system lines, oldest first. */
  items: readonly I[] = [];

  /** Shows "… is typing". */
  typing = false;

  /** BCP 47 tag for times (empty = the browser's). */
  locale = '';

  /**
   * Whether new lines scroll into view: the reader is at (or near) the bottom, not reading back. Only scrolling
   * changes it (`onScroll` on the log), never a change of layout: when a prompt takes room from the log, the log is
   * no longer at its bottom until it scrolls there, and a line arriving meanwhile must not read that as the reader
   * having scrolled back.
   */
  protected stick = true;

  /** Where `toBottom` last put the log (its scroll event comes a frame later). */
  #ownTop = -1;

  /**
   * The log's `scroll` listener. The event of `toBottom`'s own scroll is dispatched a frame later, when the layout
   * may have changed meanwhile (a prompt took room): that one is not the reader scrolling back.
   */
  protected readonly onScroll = (e: Event): void => {
    const log = e.target as HTMLElement;
    if (this.stick && log.scrollTop === this.#ownTop) return;
    this.stick = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  };

  /** The animation frame that scrolls to the newest line, when one is pending. */
  #frame = 0;

  /**
   * New lines scroll into view in the next animation frame, before it is painted: reading the log's height right
   * after the render would make the browser lay out the page in the middle of the task that brought the message
   * (and again at the frame, when more changed after it), which at a phone's speed made that task a long one.
   */
  protected override updated(changed: PropertyValues<this>): void {
    if (!this.stick || this.#frame || !(changed.has('items') || changed.has('typing'))) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (this.stick && this.isConnected) this.toBottom();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  protected toBottom(): void {
    // Called only after a render, which always draws the log.
    const log = this.renderRoot.querySelector('.log')!;
    log.scrollTop = log.scrollHeight;
    this.#ownTop = log.scrollTop;
  }

  /** Each message's time as shown, for the locale it was written in (messages are immutable: a change is a new object). */
  readonly #times = new WeakMap<object, { locale: string; iso: string; text: string }>();

  /** The message's time, formatted once per locale: the log renders every message again when one arrives. */
  #time(m: MessageItemOf<unknown>): { iso: string; text: string } {
    let time = this.#times.get(m);
    if (time?.locale !== this.locale || !this.locale) {
      time = { locale: this.locale, iso: new Date(m.at).toISOString(), text: formatTime(m.at, this.locale || undefined) };
      this.#times.set(m, time);
    }
    return time;
  }

  /** A message: `side` is its class, `who` the sender's name, `status` what follows the text. */
  protected bubble(m: MessageItemOf<unknown>, side: string, who: string, status: unknown): TemplateResult {
    const time = this.#time(m);
    return html`<div class="msg ${side} ${m.status}">
      <p class="meta">
        <span class="who" dir="auto">${who}</span>
        <time datetime=${time.iso}>${time.text}</time>
      </p>
      <p class="text" dir="auto">${linkifyMessage(m)}</p>
      ${status}
    </div>`;
  }
}
