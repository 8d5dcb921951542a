/**
 * The public element `<remote-support-widget>`: a small launcher without lit or socket.io. It draws the launcher
 * button, keeps the attributes and the API, and loads the box (box.ts, `<rsw-box>`) into its shadow root when the
 * customer needs it (launcher/triggers.ts says when). Until then nothing of the box runs on the vendor's page.
 */
import { nextTask } from '../ui/after-frame.js';
import { defineElement } from './define.js';
import { ATTRIBUTES, fromAttribute, initialProps, PROPS, REFLECTED, takeEarlyProps, type Props } from './launcher/host-attributes.js';
import { boxSource, loadBox, type Box } from './launcher/box-loader.js';
import { chooseLanguage, launcherLanguage } from './launcher/language.js';
import { chatIcon, failedView, launcherView, type LauncherTexts, ENGLISH } from './launcher/views.js';
import { styleSheets } from './launcher/launcher.styles.js';
import { watchTriggers } from './launcher/triggers.js';
import { unobscure } from './launcher/unobscure.js';
import type { WidgetPhase } from './session/types.js';

/** A server rendering the page (Next.js and the like) has no HTMLElement: there the class only has to be definable. */
const ElementBase: typeof HTMLElement = globalThis.HTMLElement ?? (class {} as unknown as typeof HTMLElement);

/**
 * A consent-first remote-support chat box for a vendor's help pages. The customer enters the code their technician
 * gave them (or asks for help through the queue), chats, and allows or denies each remote-support function the
 * technician asks for; Stop sharing and Disconnect are always at hand. It talks to the vendor's relay over socket.io.
 *
 * The element itself is a small launcher: the box (its screens, the session logic, socket.io) is loaded from the
 * `chunks/` folder next to the script when the customer needs it: on a click, prefetched on hover or focus of the
 * launcher, and at once for a `?rsw-code=` link, the `open` attribute, or a session to resume. The relay decides and
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
export class RemoteSupportWidget extends ElementBase {
  /**
   * Registers `<remote-support-widget>` (or `tag`) in `registry`; the box's own elements are registered when it loads.
   * Calling it again, or loading the script twice, is harmless.
   */
  static define(tag = 'remote-support-widget', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  static {
    // The properties' accessors (declared, with their documentation, below); setting `open` loads the box.
    for (const prop of PROPS) {
      Object.defineProperty(this.prototype, prop, {
        get(this: RemoteSupportWidget) {
          return this.#get(prop);
        },
        set(this: RemoteSupportWidget, value: never) {
          this.#set(prop, value);
          if (prop === 'open' && value) void this.load().catch(() => undefined);
        },
        configurable: true,
      });
    }
  }

  static get observedAttributes(): string[] {
    return [...Object.keys(ATTRIBUTES), 'lang'];
  }

  readonly #props: Props = initialProps();
  readonly #root: ShadowRoot;
  #box: Box | undefined;
  #mounting: Promise<Box> | undefined;
  #failed = false;
  #texts: LauncherTexts = ENGLISH;
  #stopTriggers: (() => void) | undefined;
  /** Mirrors the box's `open` and `dir` onto this element (page CSS and scripts see them here). */
  readonly #mirror = new MutationObserver(() => this.#mirrorBox());

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    // A page script may have set a property before the element was upgraded: it shadows the accessor until moved.
    for (const [prop, value] of takeEarlyProps(this)) this.#set(prop, value);
  }

  /**
   * Base URL of the vendor's relay, e.g. `https://support.example.com`.
   * @attr server
   */
  declare server: string;

  /**
   * The vendor's name, as the customer knows it (shown in the anti-scam notice).
   * @attr vendor
   */
  declare vendor: string;

  /**
   * Pre-fills the session code (the customer still clicks Connect). `?rsw-code=123456` in the page URL does the same.
   * @attr code
   */
  declare code: string;

  /**
   * Where the box sits: `bottom-right` (default) or `bottom-left`; mirrored in right-to-left languages.
   * @attr position
   */
  declare position: 'bottom-right' | 'bottom-left';

  /**
   * The vendor's remote-support terms. When set, the customer must accept them before connecting.
   * @attr terms-url
   */
  declare termsUrl: string;

  /**
   * The remote-support functions this vendor uses, space or comma separated (`desktop-view remote-control
   * file-transfer system-info reboot`); all when empty. Shown to the customer before connecting.
   * @attr functions
   */
  declare functions: string;

  /**
   * Whether the box is open (the launcher shows when it is not), like `<details open>`. `show()` and `hide()` do the
   * same and also move the focus. Setting it loads the box.
   * @attr open
   */
  declare open: boolean;

  /**
   * The relay's socket.io path when it is not `/socket.io` below `server`, e.g. `/support/socket.io` (the relay's
   * `path` option). A `server` URL with a path (`https://vendor.example/support`) already implies `<path>/socket.io`.
   * @attr path
   */
  declare path: string;

  /**
   * The connection's transports in the order to try them, space or comma separated: `websocket polling` (default),
   * `websocket` alone, or `polling` alone (e.g. behind a proxy that cannot pass WebSocket).
   * @attr transports
   */
  declare transports: string;

  /** Lets customers without a code ask for help through the support queue. @attr queue */
  declare queue: boolean;

  /** `light` or `dark`; follows the system setting when absent. @attr theme */
  declare theme: 'light' | 'dark' | undefined;

  /** Plays a short chime when the technician writes while the page is hidden or the box minimised (off by default). @attr sound */
  declare sound: boolean;

  /** The current phase of the customer journey (`idle` until the box is loaded). */
  get phase(): WidgetPhase {
    return this.#box?.phase ?? 'idle';
  }

  /** Resolves once the box, when loading or loaded, has rendered its latest change and moved the focus where it asked. */
  get updateComplete(): Promise<boolean> {
    if (this.#box) return this.#box.updateComplete;
    return this.#mounting ? this.#mounting.then((box) => box.updateComplete, () => true) : Promise.resolve(true);
  }

  /** Loads the box now, without opening it (it loads by itself when needed). Rejects when its files cannot be loaded. */
  async load(): Promise<void> {
    await this.#mount();
  }

  /** Opens the box (loading it first) and moves the focus into it. */
  show(): void {
    if (this.#box) return this.#box.show();
    this.#set('open', true);
    void this.#mount().then((box) => box.show(), () => undefined);
  }

  /** Closes the box to the launcher. A live session goes on; after the end, closing clears it away. */
  hide(): void {
    if (this.#box) this.#box.hide();
    else this.#set('open', false);
    if (this.#failed) this.#render();
  }

  /**
   * Opens the box and connects with `code`. When the vendor's terms still need accepting, the code is filled in and
   * the customer connects after accepting them. Rejects with a TypeError, opening nothing, when `code` is not a
   * string (a number would lose a code's leading zeros).
   */
  async join(code: string): Promise<void> {
    if (typeof code !== 'string') throw new TypeError("remote-support-widget: join(code) takes a string, e.g. join('012345')");
    this.#set('open', true);
    await (await this.#mount()).join(code);
  }

  /** Revokes every grant; the chat goes on. */
  async stopSharing(): Promise<void> {
    await this.#box?.stopSharing();
  }

  /** Ends the session for good (the technician cannot reconnect to it). */
  async disconnect(): Promise<void> {
    await this.#box?.disconnect();
  }

  connectedCallback(): void {
    const { host, launcher } = styleSheets();
    if (!this.#root.adoptedStyleSheets.includes(host)) this.#root.adoptedStyleSheets = [host, launcher];
    document.addEventListener('focusin', this.#unobscure);
    // The launcher's language draws it (its name and direction): all the page's first paint needs of the element.
    if (!this.#box) this.#language();
    const load = () => void this.#mount().catch(() => undefined);
    if (this.#props.open) load();
    // Listeners only in this task (no task of their own: a timer task cost the page about 1 ms at load).
    this.#stopTriggers = watchTriggers(this, { prefetch: () => void loadBox().catch(() => undefined), load });
  }

  disconnectedCallback(): void {
    document.removeEventListener('focusin', this.#unobscure);
    this.#stopTriggers?.();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'lang') {
      if (!this.#box) this.#language();
      return;
    }
    const prop = ATTRIBUTES[name];
    if (!prop) return;
    this.#apply(prop, fromAttribute(prop, value));
    if (prop === 'open' && value !== null && this.isConnected) void this.#mount().catch(() => undefined);
  }

  #get<K extends keyof Props>(prop: K): Props[K] {
    return this.#box ? (this.#box as unknown as Props)[prop] : this.#props[prop];
  }

  /** Sets a property (and its attribute, when it has one that follows it). */
  #set<K extends keyof Props>(prop: K, value: Props[K]): void {
    this.#apply(prop, value);
    if (!REFLECTED.includes(prop)) return;
    const text = typeof value === 'boolean' ? (value ? '' : null) : (value ?? null);
    if (text === null) this.removeAttribute(prop);
    else if (this.getAttribute(prop) !== String(text)) this.setAttribute(prop, String(text));
  }

  #apply<K extends keyof Props>(prop: K, value: Props[K]): void {
    this.#props[prop] = value;
    if (this.#box && (this.#box as unknown as Props)[prop] !== value) (this.#box as unknown as Props)[prop] = value;
  }

  /** The box, created once its chunk is loaded; a failure shows the message with Retry instead. */
  #mount(): Promise<Box> {
    if (this.#box) return Promise.resolve(this.#box);
    this.#mounting ??= loadBox().then(
      async (module) => {
        const { locale, where } = boxSource() ?? {};
        const shared = { sheet: styleSheets().launcher, icon: chatIcon, choose: chooseLanguage, define: defineElement, locale, where };
        // The chunk's evaluation, the definition of its elements, and the box's creation with its first render each
        // take a task of their own: together they were a long task (> 50 ms) on a phone.
        await nextTask();
        const tag = module.defineBox(customElements, shared);
        await nextTask();
        return this.#attach(tag);
      },
      (error: unknown) => {
        this.#mounting = undefined;
        this.#failed = true;
        this.#render();
        throw error;
      },
    );
    return this.#mounting;
  }

  #attach(tag: string): Box {
    const box = document.createElement(tag) as Box;
    Object.assign(box, this.#props);
    const hadFocus = this.#root.activeElement;
    this.#failed = false;
    this.#root.replaceChildren(box);
    this.#box = box;
    this.#mirror.observe(box, { attributes: true, attributeFilter: ['open', 'dir'] });
    if (hadFocus && !this.#props.open) void box.updateComplete.then(() => box.shadowRoot?.querySelector<HTMLElement>('.launcher')?.focus());
    return box;
  }

  #mirrorBox(): void {
    const box = this.#box;
    if (!box) return;
    this.#props.open = box.open;
    this.toggleAttribute('open', box.open);
    if (box.dir && this.dir !== box.dir) this.dir = box.dir;
  }

  /** The launcher's language before the box is loaded: its name and direction (the box takes over from there). */
  #language(): void {
    launcherLanguage(this, (texts) => {
      this.#texts = texts;
      this.#render();
    });
  }

  /** The launcher, or the message that the box could not be loaded (while it should be open). */
  #render(): void {
    if (this.#box) return;
    const retry = (): void => {
      this.#failed = false;
      this.show();
    };
    this.#root.replaceChildren(this.#failed && this.#props.open ? failedView(this.#texts, retry) : launcherView(this.#texts, () => this.show()));
  }

  /** Focus not obscured (2.4.11): see launcher/unobscure.ts. */
  readonly #unobscure = (e: FocusEvent): void => {
    const inner = this.#box?.shadowRoot ?? this.#root;
    unobscure(e, this, () => inner.querySelectorAll('.panel:not([hidden]), .launcher:not([hidden]), .indicator, .failed'));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'remote-support-widget': RemoteSupportWidget;
  }
}
