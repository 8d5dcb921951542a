import { updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isSecure, retryIn, termsHref } from './attributes.js';
import { RswChatLog } from './chat-log.js';
import { RswComposer } from './composer.js';
import { RswConsentPrompt } from './consent-prompt.js';
import {
  RswConsentRequestEvent,
  RswGrantEvent,
  RswMessageEvent,
  RswRevokeEvent,
  RswSessionEndEvent,
  RswStateChangeEvent,
} from './events.js';
import { CODE_LENGTH, normalizeCode } from './format.js';
import { RswGrantsBar } from './grants-bar.js';
import { socketOptions } from '../ui/connection.js';
import { LocaleController, type LocaleChoice } from '../ui/localization.js';
import { localization } from './localization.js';
import { fromLauncher } from './from-launcher.js';
import { paletteStyles, widgetStyles } from './box.styles.js';
import { header, launcher, reconnectingBanner } from './screens/header.js';
import { screenFor } from './screens/index.js';
import { indicator, minimisedIndicator } from './screens/indicator.js';
import { partsDrawn, setPartsRegistry } from './screens/lazy.js';
import { partsLoading } from './lazy-part.js';
import { pointer } from './screens/pointer.js';
import type { WidgetView } from './screens/view.js';
import { boxActions, type BoxActions, type BoxFields, type FocusTarget } from './box-actions.js';
import type { NotifyState } from './notify-opt-in.js';
import { termsOk } from './screens/entry-parts.js';
import { SessionController } from './session-controller.js';
import type { WidgetNotice, WidgetPhase, WidgetState } from './session/types.js';
import { technicianName } from './strings.js';
import { LazyAttention } from './lazy-attention.js';
import { deepActive, focusTarget } from './box-focus.js';
import type { LeaveView } from './screens/leave-message.js';

/**
 * The box: what `<remote-support-widget>` (remote-support-widget.ts, the launcher) loads into its shadow root when the
 * customer needs it. It renders the state of its session logic and forwards the customer's actions; the relay decides
 * and enforces everything. Page scripts can observe what happens (the `rsw-*` events, which reach the public element)
 * but cannot answer a consent prompt. The public element documents the attributes, properties, parts and events, and
 * forwards its properties and methods here.
 */
export class RswBox extends LitElement implements WidgetView, BoxFields {
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
    sound: { type: Boolean, reflect: true },
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
      dropping: { attribute: false },
    leaving: { attribute: false },
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /**
   * Registers `<rsw-box>` (or `tag`), its styles (box.styles.ts) and elements in `registry`; harmless twice. The
   * launcher's stylesheet of its button comes from the launcher (from-launcher.ts).
   */
  static define(tag = 'rsw-box', registry: CustomElementRegistry = customElements): void {
    this.styles ??= widgetStyles(fromLauncher.sheet);
    for (const part of [RswChatLog, RswComposer, RswConsentPrompt, RswGrantsBar]) part.define(undefined, registry);
    setPartsRegistry(registry);
    fromLauncher.define(tag, this, registry);
  }

  // The public element's properties (remote-support-widget.ts documents them), which it forwards here.
  server = '';
  vendor = '';
  code = '';
  position: 'bottom-right' | 'bottom-left' = 'bottom-right';
  termsUrl = '';
  functions = '';
  open = false;
  path = '';
  transports = '';
  queue = false;
  theme: 'light' | 'dark' | undefined;
  sound = false;

  // The box's own state (reactive, not attributes): what the screens draw (`WidgetView`, screens/view.ts) and the
  // actions change (`BoxFields`, box-actions.ts). Internal: the public element does not forward them.
  entered = '';
  termsAccepted = false;
  asking = false;
  askName = '';
  askText = '';
  confirmingEnd = false;
  unread = 0;
  now = Date.now();
  promptBusy = false;
  promptFailed = false;
  dropping = false;
  leaving: LeaveView = '';

  readonly #locale = new LocaleController(this, localization);
  readonly #session = new SessionController(this, {
    server: () => this.server,
    socketOptions: () => socketOptions(this.path, this.transports),
    notice: (notice) => this.#notice(notice),
    resumed: () => (this.open = true),
  });
  readonly #attention = new LazyAttention(this);
  /** The launcher's chat icon (launcher/views.ts), which the box's launcher button shows. */
  readonly #chatIcon = fromLauncher.icon();
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
    return this.s.phase;
  }

  /** The session's state (for the screens). */
  get s(): WidgetState {
    return this.#session.state;
  }

  /** The language the box speaks. */
  get choice(): LocaleChoice {
    return this.#locale.choice;
  }

  /** The vendor's terms, when they are an http(s) URL. */
  get terms(): string | undefined {
    return termsHref(this.termsUrl);
  }

  /** Milliseconds until a rate-limited customer may try again. */
  get retryIn(): number {
    return retryIn(this.s, this.now);
  }

  /** The desktop-notification toggle. */
  get notify(): NotifyState {
    return this.#attention.notify;
  }

  /** Opens the box. */
  show(): void {
    this.open = true;
    this.#focus = 'screen';
    // Also when it is open already (opened by the launcher before this box rendered): focus still goes in.
    this.requestUpdate();
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
    if (!termsOk(this)) return;
    await this.#actions.join();
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
    // Its parts, as the public element documents them, stylable through it (`remote-support-widget::part(panel)`).
    this.setAttribute('exportparts', 'launcher, panel, header, log, composer, prompt, grants, indicator, pointer');
    // The defaults of the colours only the box uses, on the public element (box.styles.ts).
    const root = this.getRootNode() as ShadowRoot;
    const palette = paletteStyles.styleSheet!;
    if (!root.adoptedStyleSheets.includes(palette)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, palette];
    const linked = normalizeCode(new URLSearchParams(location.search).get('rsw-code') ?? '');
    if (linked.length === CODE_LENGTH && this.phase === 'idle') {
      this.entered = linked;
      this.open = true;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Complete once a part this update drew (screens/lazy.ts) has loaded (or failed) and is drawn too. */
  protected override getUpdateComplete(): Promise<boolean> {
    return partsDrawn(() => super.getUpdateComplete());
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
    if (changed.has('open')) this.#attention.minimised(!this.open);
    const s = this.s;
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
    const s = this.s;
    const ticking = s.phase === 'idle' && this.retryIn > 0;
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
    const target = focus && focusTarget(this.renderRoot, focus, this);
    // The screen or the system information's view is still loading (screens/lazy.ts): focus goes there once drawn.
    if ((focus === 'sysinfo' || focus === 'screen') && !target && this.open && partsLoading().length) this.#focus = focus;
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
    const open = !!this.s.prompt;
    const back = open ? undefined : this.#beforePrompt;
    if (!open) this.#beforePrompt = undefined;
    for (const child of this.renderRoot.querySelectorAll<LitElement>('rsw-consent-prompt, rsw-grants-bar')) await child.updateComplete;
    const active = document.activeElement;
    if (this.matches(':focus-within') || (active && active !== document.body)) return;
    (back?.isConnected ? back : focusTarget(this.renderRoot, this.open ? 'screen' : 'launcher', this))?.focus();
  }

  protected override render(): TemplateResult {
    const lang = this.choice.locale;
    const a = this.#actions;
    return html`${this.open ? nothing : minimisedIndicator(this, a, () => this.show())}
      <section
        part="panel"
        class="panel ${this.dropping ? 'dropping' : ''}"
        id="panel"
        lang=${lang}
        aria-labelledby="title"
        ?hidden=${!this.open}
        @keydown=${this.#keydown}
        @dragover=${a.dragOver}
        @dragleave=${() => (this.dropping = false)}
        @drop=${a.drop}
      >
        ${header(this, a, isSecure(this.server))} ${this.open ? indicator(this, a) : nothing} ${reconnectingBanner(this)}
        <div class="body">${screenFor(this, a)}</div>
      </section>
      ${launcher(lang, this.open, this.unread, () => this.show(), this.#chatIcon)}
      ${pointer(this)}`;
  }

  #notice(n: WidgetNotice): void {
    switch (n.type) {
      case 'state':
        this.dispatchEvent(new RswStateChangeEvent(n.phase, n.previous));
        break;
      case 'message':
        if (n.message.from === 'technician' && !this.open) this.unread++;
        if (n.message.from === 'technician') this.#attention.message(technicianName(this.s.technician?.name), n.message.text);
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

  /** What the screens may do (box-actions.ts): each action runs on this box's state and focus. */
  readonly #actions: BoxActions = boxActions(
    this,
    this.#session,
    (target) => (this.#focus = target),
    () => this.#attention.toggleNotify(),
  );

  #keydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || this.s.prompt) return;
    e.stopPropagation();
    if (this.confirmingEnd) this.#actions.cancelEnd();
    else this.hide();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-box': RswBox;
  }
}
