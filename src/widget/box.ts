import { updateWhenLocaleChanges } from '@lit/localize';
import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { retryIn, termsHref } from './attributes.js';
import { RswChatLog } from './chat-log.js';
import { RswComposer } from './composer.js';
import { RswConsentPrompt } from './consent-prompt.js';
import { CODE_LENGTH, normalizeCode } from './format.js';
import { RswGrantsBar } from './grants-bar.js';
import { socketOptions } from '../ui/connection.js';
import { LocaleController, type LocaleChoice } from '../ui/localization.js';
import { localization } from './localization.js';
import { fromLauncher } from './from-launcher.js';
import { paletteStyles, widgetStyles } from './box.styles.js';
import { partsDrawn, prefetchParts, setPartsRegistry } from './screens/lazy.js';
import type { WidgetView } from './screens/view.js';
import { boxFrame } from './box-frame.js';
import { boxActions, type BoxActions, type BoxFields } from './box-actions.js';
import type { NotifyState } from './notify-opt-in.js';
import { termsOk } from './screens/entry-parts.js';
import { SessionController } from './session-controller.js';
import type { WidgetPhase, WidgetState } from './session/types.js';
import { LazyAttention } from './lazy-attention.js';
import { BoxFocus } from './box-focus.js';
import { boxNotice } from './box-notices.js';
import type { LeaveView } from './screens/leave-message.js';

/**
 * The box: what `<remote-support-widget>` (remote-support-widget.ts, the launcher) loads into its shadow root when the
 * customer needs it. It renders the state of its session logic and forwards the customer's actions; the relay decides
 * and enforces everything. Page scripts can observe what happens (the `rsw-*` events, which reach the public element)
 * but cannot answer a consent prompt. The public element documents the attributes, properties, parts and events, and
 * forwards its properties and methods here. What it renders around the screens is `boxFrame` (box-frame.ts), what the
 * screens may do `boxActions` (box-actions.ts), where focus goes `BoxFocus` (box-focus.ts), and what its session's
 * notices do `boxNotice` (box-notices.ts).
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
    notice: (notice) => boxNotice(this, notice, this.#attention, this.#focus),
    resumed: () => (this.open = true),
  });
  readonly #attention = new LazyAttention(this);
  /** The launcher's chat icon (launcher/views.ts), which the box's launcher button shows. */
  readonly #chatIcon = fromLauncher.icon();
  readonly #focus = new BoxFocus(this);
  #phase: WidgetPhase = 'idle';
  #errorAt = 0;
  #sysinfo: WidgetState['sysinfo'];
  /** Transfers already seen (a new incoming offer opens the box). */
  readonly #offers = new Set<string>();
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
    this.#focus.next = 'screen';
    // Also when it is open already (opened by the launcher before this box rendered): focus still goes in.
    this.requestUpdate();
  }

  /** Closes the box to the launcher. A live session goes on; after the end, closing clears it away. */
  hide(): void {
    if (this.phase === 'ended') this.#session.session?.reset();
    this.confirmingEnd = false;
    if (this.open && this.matches(':focus-within')) this.#focus.next = 'launcher';
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

  /**
   * Complete once a part this update drew (screens/lazy.ts) has loaded (or failed) and is drawn too, and the focus has
   * moved where the update asked (after the next frame: box-focus.ts).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await partsDrawn(() => super.getUpdateComplete());
    await this.#focus.placed();
    return done;
  }

  /** Each update first settles the language (waiting for the texts of a new one, so nothing renders half in one). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.#locale.apply();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('code') && this.code) this.entered = normalizeCode(this.code);
    if (changed.has('server') || changed.has('path') || changed.has('transports')) this.#session.serverChanged();
    if (changed.has('open') && this.open) this.unread = 0;
    if (changed.has('open')) this.#attention.minimised(!this.open);
    const s = this.s;
    if (s.phase !== this.#phase) {
      const chatting = (phase: WidgetPhase) => phase === 'connected' || phase === 'reconnecting';
      // Follow the customer to the new screen, unless the screen stays the same (a drop and its resume).
      if (this.matches(':focus-within') && !(chatting(s.phase) && chatting(this.#phase))) this.#focus.next ??= 'screen';
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
      this.#focus.next = 'sysinfo';
    }
    this.#sysinfo = s.sysinfo;
    for (const t of s.transfers ?? []) {
      // A file offered to the customer waits for their answer: it must be seen.
      if (t.status === 'incoming' && !this.#offers.has(t.id)) this.open = true;
      this.#offers.add(t.id);
    }
    prefetchParts(s, this.confirmingEnd);
    if (s.error && s.error.at !== this.#errorAt) {
      this.#errorAt = s.error.at;
      this.now = Date.now();
      if (this.open) this.#focus.next = 'error';
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
  }

  protected override render(): TemplateResult {
    return boxFrame(this, this.#actions, this.#chatIcon);
  }

  /** What the screens may do (box-actions.ts): each action runs on this box's state and focus. */
  readonly #actions: BoxActions = boxActions(
    this,
    this.#session,
    (target) => (this.#focus.next = target),
    () => this.#attention.toggleNotify(),
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-box': RswBox;
  }
}
