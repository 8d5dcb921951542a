import { updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isSecure, listedFunctions, retryIn, termsHref } from './attributes.js';
import { RswChatLog } from './chat-log.js';
import { RswComposer } from './composer.js';
import { isGenuineDecision, RswConsentPrompt } from './consent-prompt.js';
import { RswRatingForm } from './rating-form.js';
import { defineElement } from './define.js';
import {
  RswConsentRequestEvent,
  RswGrantEvent,
  RswMessageEvent,
  RswRevokeEvent,
  RswSessionEndEvent,
  RswStateChangeEvent,
} from './events.js';
import { CODE_LENGTH, normalizeCode } from './format.js';
import { pointerView } from './function-views.js';
import { RswGrantsBar } from './grants-bar.js';
import { socketOptions } from '../ui/connection.js';
import { LocaleController } from '../ui/localization.js';
import { localization } from './localization.js';
import { overlaps, scrollToClear } from './obscured.js';
import { widgetStyles } from './remote-support-widget.styles.js';
import { header, launcher } from './screens/header.js';
import { screenFor } from './screens/index.js';
import { indicator, reconnectingBanner } from './screens/indicator.js';
import type { ScreenActions, WidgetView } from './screens/view.js';
import { SessionController } from './session-controller.js';
import type { WidgetNotice, WidgetPhase, WidgetSessionLike, WidgetState } from './session/types.js';
import { technicianName } from './strings.js';
import { downloadText, transcriptText } from './transcript.js';

/** Where focus goes after the next render. */
type FocusTarget = 'screen' | 'launcher' | 'error' | 'confirm' | 'sysinfo';

/** The focused element, through shadow roots; undefined when nothing is. */
function deepActive(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/**
 * A consent-first remote-support chat box for a vendor's help pages. The customer enters the code their technician
 * gave them (or asks for help through the queue), chats, and allows or denies each remote-support function the
 * technician asks for; Stop sharing and Disconnect are always at hand. It talks to the vendor's relay over socket.io.
 *
 * The element renders the state of its session logic and forwards the customer's actions; the relay decides and
 * enforces everything. Page scripts can observe what happens (the `rsw-*` events) but cannot answer a consent prompt.
 *
 * @summary Remote-support chat widget with per-function consent.
 * @tagname remote-support-widget
 *
 * @attr {string} lang - Language of the widget's texts and date formats (BCP 47); defaults to the page's language, then the browser's.
 *
 * @fires {RswStateChangeEvent} rsw-state-change - The journey moved to another phase (`phase`, `previous`).
 * @fires {RswMessageEvent} rsw-message - The relay confirmed a chat message, sent or received (`message`).
 * @fires {RswConsentRequestEvent} rsw-consent-request - The customer is being asked for a function (`fn`, `kind`, `expiresAt`). Observe only.
 * @fires {RswGrantEvent} rsw-grant - The relay confirmed that the customer granted a function (`fn`).
 * @fires {RswRevokeEvent} rsw-revoke - A grant ended (`fn`, `status`).
 * @fires {RswSessionEndEvent} rsw-session-end - The session ended for good (`by`, `reason`).
 *
 * @csspart launcher - The round button that opens the box.
 * @csspart panel - The box.
 * @csspart header - The box's title bar: technician, connection status, Minimise and Close.
 * @csspart log - The chat history (`<rsw-chat-log>`).
 * @csspart composer - The message field and Send button (`<rsw-composer>`).
 * @csspart prompt - The consent question (`<rsw-consent-prompt>`).
 * @csspart grants - Live permissions, Stop sharing and Disconnect (`<rsw-grants-bar>`).
 * @csspart indicator - The "Your screen is being viewed" banner, shown while screen viewing or control is live (with
 * "Share my screen" while viewing is allowed but nothing is shared, e.g. after a reload).
 * @csspart pointer - The technician's pointer over the page (only while remote control is live and this tab is shared).
 *
 * @cssproperty [--rsw-accent=#0b57d0] - Buttons, the customer's messages, focus rings. Dark theme: #a8c7fa.
 * @cssproperty [--rsw-accent-text=#ffffff] - Text on the accent colour (keep a 4.5:1 contrast). Dark theme: #062e6f.
 * @cssproperty [--rsw-font=system-ui, sans-serif] - Font family.
 * @cssproperty [--rsw-radius=12px] - Corner radius of the box, messages and buttons.
 * @cssproperty [--rsw-z-index=2147483000] - Stacking order on the page.
 * @cssproperty [--rsw-offset-x=20px] - Distance from the left or right edge of the viewport.
 * @cssproperty [--rsw-offset-y=20px] - Distance from the bottom edge of the viewport.
 * @cssproperty [--rsw-width=380px] - Width of the box (full screen below 480 px).
 * @cssproperty [--rsw-height=600px] - Height of the box (at most the viewport).
 * @cssproperty [--rsw-bg=#ffffff] - Background. Dark theme: #1f1f1f.
 * @cssproperty [--rsw-text=#1f1f1f] - Text colour. Dark theme: #e3e3e3.
 * @cssproperty [--rsw-muted=#595959] - Secondary text. Dark theme: #b8b8b8.
 * @cssproperty [--rsw-surface=#f0f2f5] - Header, technician messages, notices. Dark theme: #2d2f31.
 * @cssproperty [--rsw-border=#757575] - Borders of fields and secondary buttons. Dark theme: #8e8e8e.
 * @cssproperty [--rsw-danger=#b3261e] - Errors, Disconnect, the unread badge. Dark theme: #ffb4ab.
 * @cssproperty [--rsw-indicator-bg=#b3261e] - Background of the screen-viewing indicator.
 * @cssproperty [--rsw-indicator-text=#ffffff] - Text of the screen-viewing indicator.
 */
export class RemoteSupportWidget extends LitElement {
  static override styles = widgetStyles;
  /**
   * Reactive properties; an attribute has the property's name in lower case unless named. The private ones are
   * internal state: `attribute: false`, which is what Lit's `state: true` amounts to and what the manifest analyzer
   * (custom-elements.json) understands.
   */
  static override properties = {
    server: {},
    vendor: {},
    code: {},
    position: { reflect: true },
    termsUrl: { attribute: 'terms-url' },
    functions: {},
    open: { type: Boolean, reflect: true },
    path: {},
    transports: {},
    queue: { type: Boolean, reflect: true },
    theme: { reflect: true },
    entered: { attribute: false },
    termsAccepted: { attribute: false },
    asking: { attribute: false },
    askName: { attribute: false },
    askText: { attribute: false },
    confirmingEnd: { attribute: false },
    unread: { attribute: false },
    now: { attribute: false },
    promptBusy: { attribute: false },
    promptFailed: { attribute: false },
    downloadFailed: { attribute: false },
    dropping: { attribute: false },
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /**
   * Registers `<remote-support-widget>` (or `tag`) and the elements it uses in `registry`. Calling it again, or
   * loading the script twice, is harmless.
   */
  static define(tag = 'remote-support-widget', registry: CustomElementRegistry = customElements): void {
    RswChatLog.define(undefined, registry);
    RswComposer.define(undefined, registry);
    RswConsentPrompt.define(undefined, registry);
    RswRatingForm.define(undefined, registry);
    RswGrantsBar.define(undefined, registry);
    defineElement(tag, this, registry);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Base URL of the vendor's relay, e.g. `https://support.example.com`. */
  server = '';

  /** The vendor's name, as the customer knows it (shown in the anti-scam notice). */
  vendor = '';

  /** Pre-fills the session code (the customer still clicks Connect). `?rsw-code=123456` in the page URL does the same. */
  code = '';

  /** Where the box sits: `bottom-right` (default) or `bottom-left`; mirrored in right-to-left languages. */
  position: 'bottom-right' | 'bottom-left' = 'bottom-right';

  /** The vendor's remote-support terms. When set, the customer must accept them before connecting. */
  termsUrl = '';

  /**
   * The remote-support functions this vendor uses, space or comma separated (`desktop-view remote-control
   * file-transfer system-info reboot`); all when empty. Shown to the customer before connecting.
   */
  functions = '';

  /**
   * Whether the box is open (the launcher shows when it is not), like `<details open>`. `show()` and `hide()` do the
   * same and also move the focus.
   */
  open = false;

  /**
   * The relay's socket.io path when it is not `/socket.io` below `server`, e.g. `/support/socket.io` (the relay's
   * `path` option). A `server` URL with a path (`https://vendor.example/support`) already implies `<path>/socket.io`.
   */
  path = '';

  /**
   * The connection's transports in the order to try them, space or comma separated: `websocket polling` (default),
   * `websocket` alone, or `polling` alone (e.g. behind a proxy that cannot pass WebSocket).
   */
  transports = '';

  /** Lets customers without a code ask for help through the support queue. */
  queue = false;

  /** `light` or `dark`; follows the system setting when absent. */
  theme: 'light' | 'dark' | undefined;

  private entered = '';
  private termsAccepted = false;
  private asking = false;
  private askName = '';
  private askText = '';
  private confirmingEnd = false;
  private unread = 0;
  private now = Date.now();
  private promptBusy = false;
  private promptFailed = false;
  private downloadFailed = false;
  private dropping = false;

  readonly #locale = new LocaleController(this, localization);
  readonly #session = new SessionController(this, {
    server: () => this.server,
    socketOptions: () => socketOptions(this.path, this.transports),
    notice: (notice) => this.#notice(notice),
  });
  #focus: FocusTarget | undefined;
  /** Where focus was when a consent prompt took it, to go back there when the prompt closes. */
  #beforePrompt: HTMLElement | undefined;
  #phase: WidgetPhase = 'idle';
  #errorAt = 0;
  #sysinfo: WidgetState['sysinfo'];
  /** Transfers already seen (a new incoming offer opens the box). */
  readonly #offers = new Set<string>();
  #hadFocus = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** The current phase of the customer journey. */
  get phase(): WidgetPhase {
    return this.#session.state.phase;
  }

  /** Opens the box. */
  show(): void {
    this.open = true;
    this.#focus = 'screen';
  }

  /** Closes the box to the launcher. A live session goes on; after the end, closing clears it away. */
  hide(): void {
    if (this.phase === 'ended') this.#session.session?.reset();
    this.confirmingEnd = false;
    if (this.open && this.matches(':focus-within')) this.#focus = 'launcher';
    this.open = false;
  }

  /**
   * Opens the box and connects with `code`. When the vendor's terms still need accepting, the code is filled in and
   * the customer connects after accepting them.
   */
  async join(code: string): Promise<void> {
    this.entered = normalizeCode(code);
    this.show();
    if (termsHref(this.termsUrl) && !this.termsAccepted) return;
    await this.#join();
  }

  /** Revokes every grant; the chat goes on. */
  async stopSharing(): Promise<void> {
    await this.#session.session?.stopSharing();
  }

  /** Ends the session for good (the technician cannot reconnect to it). */
  async disconnect(): Promise<void> {
    this.confirmingEnd = false;
    await this.#session.session?.disconnect();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('focusin', this.#unobscure);
    const linked = normalizeCode(new URLSearchParams(location.search).get('rsw-code') ?? '');
    if (linked.length === CODE_LENGTH && this.phase === 'idle') {
      this.entered = linked;
      this.open = true;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('focusin', this.#unobscure);
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  /** Each update first settles the language (waiting for the texts of a new one, so nothing renders half in one). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.#locale.apply();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#hadFocus = this.matches(':focus-within');
    if (changed.has('code') && this.code) this.entered = normalizeCode(this.code);
    if (changed.has('server') || changed.has('path') || changed.has('transports')) this.#session.serverChanged();
    if (changed.has('open') && this.open) this.unread = 0;
    const s = this.#session.state;
    if (s.phase !== this.#phase) {
      const chatting = (phase: WidgetPhase) => phase === 'connected' || phase === 'reconnecting';
      // Follow the customer to the new screen, unless the screen stays the same (a drop and its resume).
      if (this.matches(':focus-within') && !(chatting(s.phase) && chatting(this.#phase))) this.#focus ??= 'screen';
      if (!chatting(s.phase)) this.confirmingEnd = false;
      if (s.phase === 'idle') {
        this.asking = false;
        // A finished session's code is burnt: start afresh.
        if (this.#phase === 'ended') this.entered = '';
      }
      this.#phase = s.phase;
    }
    if (s.sysinfo && s.sysinfo !== this.#sysinfo) {
      // Like a consent prompt: it must be seen.
      this.open = true;
      this.#focus = 'sysinfo';
    }
    this.#sysinfo = s.sysinfo;
    for (const t of s.transfers ?? []) {
      // A file offered to the customer waits for their answer: it must be seen.
      if (t.status === 'incoming' && !this.#offers.has(t.id)) this.open = true;
      this.#offers.add(t.id);
    }
    if (s.error && s.error.at !== this.#errorAt) {
      this.#errorAt = s.error.at;
      this.now = Date.now();
      if (this.open) this.#focus = 'error';
    }
  }

  protected override updated(): void {
    const s = this.#session.state;
    const ticking = s.phase === 'idle' && retryIn(s, this.now) > 0;
    if (ticking && !this.#timer) this.#timer = setInterval(() => (this.now = Date.now()), 1000);
    if (!ticking && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    const pointer = this.renderRoot.querySelector<HTMLElement>('.pointer');
    // Positioned through the CSSOM, which a strict CSP allows (a style attribute it may not).
    if (pointer && s.pointer) pointer.style.transform = `translate(${s.pointer.x * innerWidth}px, ${s.pointer.y * innerHeight}px)`;
    const focus = this.#focus;
    this.#focus = undefined;
    const target = focus && this.#focusTarget(focus, s);
    // A sub-element rendered just now (the composer) has no field to delegate focus to before its own first render.
    if (target instanceof LitElement) void target.updateComplete.then(() => target.focus());
    else target?.focus();
    if (!target && this.#hadFocus) void this.#keepFocus();
  }

  /**
   * Focus was in the box and what had it went away (an answered prompt, a stopped grant): it goes back to where it was
   * before the prompt took it, else it stays in the box.
   */
  async #keepFocus(): Promise<void> {
    const open = !!this.#session.state.prompt;
    const back = open ? undefined : this.#beforePrompt;
    if (!open) this.#beforePrompt = undefined;
    for (const child of this.renderRoot.querySelectorAll<LitElement>('rsw-consent-prompt, rsw-grants-bar')) await child.updateComplete;
    const active = document.activeElement;
    if (this.matches(':focus-within') || (active && active !== document.body)) return;
    (back?.isConnected ? back : this.#focusTarget(this.open ? 'screen' : 'launcher', this.#session.state))?.focus();
  }

  /**
   * Focus not obscured (2.4.11): a page element that gets focus under the box, the launcher or the indicator is
   * scrolled clear of them; where the page cannot scroll that far, a full-screen box is minimised and the widget moves
   * to the other corner (`aside`) until focus goes elsewhere.
   */
  readonly #unobscure = (e: FocusEvent): void => {
    const target = e.composedPath()[0];
    if (!(target instanceof Element) || e.composedPath().includes(this)) return;
    this.toggleAttribute('aside', false);
    const covers = () => [...this.renderRoot.querySelectorAll('.panel:not([hidden]), .launcher:not([hidden]), .indicator')].map((c) => c.getBoundingClientRect());
    const covered = () => covers().some((c) => overlaps(target.getBoundingClientRect(), c));
    if (!covered()) return;
    scrollBy({ top: scrollToClear(target.getBoundingClientRect(), covers()), behavior: 'instant' });
    if (this.open && covered() && matchMedia('(max-width: 479.98px)').matches) this.hide();
    void this.updateComplete.then(() => this.toggleAttribute('aside', covered()));
  };

  protected override render(): TemplateResult {
    const s = this.#session.state;
    const lang = this.#locale.choice.locale;
    const v: WidgetView = {
      s,
      lang,
      tag: this.#locale.choice.tag,
      now: this.now,
      vendor: this.vendor,
      queue: this.queue,
      terms: termsHref(this.termsUrl),
      termsAccepted: this.termsAccepted,
      entered: this.entered,
      asking: this.asking,
      askName: this.askName,
      askText: this.askText,
      confirmingEnd: this.confirmingEnd,
      promptBusy: this.promptBusy,
      promptFailed: this.promptFailed,
      downloadFailed: this.downloadFailed,
      retryIn: retryIn(s, this.now),
    };
    const a = this.#actions;
    return html`${this.open ? nothing : indicator(v, a)}
      <section
        part="panel"
        class="panel ${this.dropping ? 'dropping' : ''}"
        id="panel"
        lang=${lang}
        aria-labelledby="title"
        ?hidden=${!this.open}
        @keydown=${this.#keydown}
        @dragover=${this.#dragOver}
        @dragleave=${() => (this.dropping = false)}
        @drop=${this.#drop}
      >
        ${header(v, a, isSecure(this.server))} ${this.open ? indicator(v, a) : nothing} ${reconnectingBanner(v)}
        <div class="body">${screenFor(v, a)}</div>
      </section>
      ${launcher(lang, this.open, this.unread, () => this.show())}
      ${s.phase === 'connected' || s.phase === 'reconnecting' ? pointerView(s.pointer, technicianName(s.technician?.name)) : nothing}`;
  }
  #focusTarget(focus: FocusTarget, s: WidgetState): HTMLElement | null | undefined {
    const $ = (selector: string) => this.renderRoot.querySelector<HTMLElement>(selector);
    if (focus === 'launcher') return $('.launcher');
    if (!this.open) return undefined;
    if (focus === 'confirm') return $('#confirm-cancel');
    if (focus === 'sysinfo') return $('#sysinfo');
    switch (s.phase) {
      case 'idle':
        return $(this.asking && this.queue ? '#name' : '#code');
      case 'connected':
      case 'reconnecting':
        return s.prompt ? undefined : $('rsw-composer');
      case 'ended':
        return $('#ended');
      default:
        return $('#title');
    }
  }

  #notice(n: WidgetNotice): void {
    switch (n.type) {
      case 'state':
        this.dispatchEvent(new RswStateChangeEvent(n.phase, n.previous));
        break;
      case 'message':
        if (n.message.from === 'technician' && !this.open) this.unread++;
        this.dispatchEvent(new RswMessageEvent(n.message));
        break;
      case 'consent-request':
        // A question must be seen: open the box (the prompt then takes focus, and gives it back when it closes).
        this.#beforePrompt ??= deepActive();
        this.promptBusy = this.promptFailed = false;
        this.open = true;
        this.dispatchEvent(new RswConsentRequestEvent(n.prompt.fn, n.prompt.kind, n.prompt.expiresAt));
        break;
      case 'grant':
        this.dispatchEvent(new RswGrantEvent(n.fn));
        break;
      case 'revoke':
        this.dispatchEvent(new RswRevokeEvent(n.fn, n.status));
        break;
      case 'end':
        // Show the customer that it is over (and that nothing is shared any more).
        this.open = true;
        this.dispatchEvent(new RswSessionEndEvent(n.by, n.reason));
        break;
      case 'rejoined':
        // Back after a restart: show "Reconnected after restart".
        this.show();
        break;
    }
  }

  /** What the screens may do: each action runs here, where the state and the focus are. */
  readonly #actions: ScreenActions = {
    session: () => this.#session.session,
    act: (action) => this.#act(action),
    close: () => this.hide(),
    disconnect: () => this.disconnect(),
    askEnd: () => {
      this.confirmingEnd = true;
      this.#focus = 'confirm';
    },
    cancelEnd: () => {
      this.confirmingEnd = false;
      this.#focus = 'screen';
    },
    functions: () => listedFunctions(this.functions),
    accept: (accepted) => (this.termsAccepted = accepted),
    askName: (name) => (this.askName = name),
    askText: (text) => (this.askText = text),

    /** "Share my screen": getDisplayMedia must be called right here, inside the customer's own click. */
    share: (e) => {
      if (e.isTrusted) this.#session.session?.shareScreen();
    },

    /** Send or Don't send for the system information: only the customer's own click answers. */
    answerSysinfo: (e, send) => {
      if (e.isTrusted) this.#act((x) => x.answerSysinfo(send));
    },

    decide: (e) => {
      const s = this.#session.session;
      const prompt = this.#session.state.prompt;
      // Only the prompt element's own event, made from a trusted click, for the prompt on show.
      if (!isGenuineDecision(e) || !s || !prompt || e.detail.promptId !== prompt.id) return;
      this.promptBusy = true;
      this.promptFailed = false;
      s.decide(prompt.id, e.detail.allow).then(
        () => (this.promptBusy = false),
        () => {
          this.promptBusy = false;
          this.promptFailed = true;
        },
      );
    },

    connect: (e) => {
      e.preventDefault();
      const s = this.#session.state;
      const termsOk = !termsHref(this.termsUrl) || this.termsAccepted;
      if (this.entered.length === CODE_LENGTH && termsOk && retryIn(s, this.now) <= 0) void this.#join();
    },

    ask: (e) => {
      e.preventDefault();
      const name = this.askName.trim();
      if (!name || (termsHref(this.termsUrl) && !this.termsAccepted)) return;
      const session = this.#session.session;
      if (!session) return this.#session.fail();
      session.joinQueue(name, this.askText.trim()).catch(() => undefined);
    },

    codeInput: (e) => {
      const input = e.target as HTMLInputElement;
      const code = normalizeCode(input.value);
      if (input.value !== code) input.value = code;
      this.entered = code;
    },

    switchAsking: (asking) => {
      this.asking = asking;
      this.#focus = 'screen';
    },

    download: async () => {
      const session = this.#session.session;
      this.downloadFailed = false;
      try {
        if (!session) throw new Error('no session');
        const text = transcriptText(await session.transcript(), this.#locale.choice.tag);
        downloadText(text, `remote-support-${new Date().toISOString().slice(0, 10)}.txt`, this.renderRoot);
      } catch {
        this.downloadFailed = true;
      }
    },
  };

  /** Files dragged over the box while file transfer is allowed can be dropped on it. */
  #dragOver(e: DragEvent): void {
    if (this.#session.state.grants['file-transfer'] !== 'granted' || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this.dropping = true;
  }

  #drop(e: DragEvent): void {
    this.dropping = false;
    if (this.#session.state.grants['file-transfer'] !== 'granted' || !e.dataTransfer?.files.length) return;
    e.preventDefault();
    // Only the customer's own drop (a page script can make up a DataTransfer with files of its own).
    if (e.isTrusted) this.#session.session?.sendFiles([...e.dataTransfer.files]);
  }

  async #join(): Promise<void> {
    const session = this.#session.session;
    if (!session) return this.#session.fail();
    await session.join(this.entered).catch(() => undefined);
  }

  #keydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || this.#session.state.prompt) return;
    e.stopPropagation();
    if (this.confirmingEnd) this.#actions.cancelEnd();
    else this.hide();
  }

  /** Runs a session action from a button; failures show up in the state the session reports. */
  #act(action: (session: WidgetSessionLike) => Promise<void>): void {
    const session = this.#session.session;
    if (session) action(session).catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'remote-support-widget': RemoteSupportWidget;
  }
}
