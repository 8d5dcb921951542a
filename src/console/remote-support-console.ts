import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FUNCTION_IDS, isFunctionId, type FunctionId } from '../protocol/functions.js';
import { RscAuditLog } from './audit-log.js';
import { RscChatLog } from './chat-log.js';
import { ClockController } from './clock-controller.js';
import { RscComposer } from './composer.js';
import { ConsoleController } from './console-controller.js';
import { defineElement } from './define.js';
import { RscFilePanel } from './file-panel.js';
import { RscFunctionList } from './function-list.js';
import { LocaleController } from '../ui/localization.js';
import { localization } from './localization.js';
import { RscQueueList } from './queue-list.js';
import { consoleStyles } from './remote-support-console.styles.js';
import { RscScreenView } from './screen-view.js';
import { RscSessionPanel } from './session-panel.js';
import { RscSignInForm } from './sign-in-form.js';
import { RscSysinfo } from './sysinfo-table.js';
import type { ConsoleAction, ConsoleState } from './session/types.js';
import { codeView, coolingDown, hasLiveSession, retryWait } from './session/views.js';
import { deskView, type DeskActions } from './templates/desk.js';
import { errorLine, header, notice } from './templates/header.js';
import { inboxView } from './templates/inbox.js';
import { lobby, type LobbyActions } from './templates/lobby.js';
import { sessionView } from './templates/session.js';

/** What can take the focus in a part of the console. */
const FOCUSABLE = 'button:enabled, a[href], input:enabled, select:enabled, textarea:enabled, [tabindex="0"]';

/** Where focus goes after the next render. */
type FocusTarget = 'title' | 'sign-in' | 'session' | 'lobby' | 'desk' | 'handoff';

/** Parses the `functions` attribute: ids separated by spaces or commas; unknown ids are ignored; empty = all. */
function parseFunctions(value: string): FunctionId[] {
  const ids = value.split(/[\s,]+/).filter(isFunctionId);
  return ids.length > 0 ? FUNCTION_IDS.filter((fn) => ids.includes(fn)) : [...FUNCTION_IDS];
}

/**
 * The technician's side of remote support. The technician signs in with a token, then either creates a session (and
 * reads the code out to the customer, or sends the join link) or picks a customer from the support queue. In the
 * session: chat, the customer's presence, a Request button per remote-support function with its live state as the
 * relay reports it, the gated actions (enabled only while granted), the live audit log, and End session.
 *
 * The technician may hold several sessions at once (Another session), switch between them while each goes on, and
 * hand a session to a colleague. The element renders the state of its session logic (`ConsoleDesk`, one
 * `ConsoleSession` per session) and forwards the technician's intent; the relay decides and enforces everything. A
 * reload of the page signs in again and re-attaches every session (the token and session ids stay in the tab's
 * sessionStorage until sign-out or the end of the session).
 *
 * @summary Technician console for consent-first remote support.
 * @tagname remote-support-console
 *
 * @attr {string} lang - Language of the console's texts and date formats (BCP 47); defaults to the page's language, then the browser's.
 *
 * @csspart header - Title, connection status, who is signed in, Sign out.
 * @csspart notice - The banner that tells what the customer just did (stopped sharing, dropped, came back, left).
 * @csspart desk - The technician's sessions: one entry each (customer, state, unread messages, live grants), Another session.
 * @csspart lobby - New session and the support queue (while there is no session).
 * @csspart inbox - The messages customers left while nobody could chat (with the lobby).
 * @csspart handoff - Hand the session to a colleague of the same organisation (while the session is active).
 * @csspart session - The session panel: code, join link, countdown, customer, End session (`<rsc-session-panel>`).
 * @csspart functions - Permission requests and gated actions (`<rsc-function-list>`).
 * @csspart files - File transfers both ways (`<rsc-file-panel>`), while File transfer is offered.
 * @csspart sysinfo - The customer's system information (`<rsc-sysinfo>`), once they answered a request.
 * @csspart screen - The customer's screen as live video (`<rsc-screen-view>`), while Screen viewing is offered.
 * @csspart audit - The audit log (`<rsc-audit-log>`).
 * @csspart chat - The chat log and composer.
 *
 * @cssproperty [--rsc-accent=#0b57d0] - Buttons, focus rings. Dark theme: #a8c7fa.
 * @cssproperty [--rsc-accent-text=#ffffff] - Text on the accent colour (keep a 4.5:1 contrast). Dark theme: #062e6f.
 * @cssproperty [--rsc-font=system-ui, sans-serif] - Font family.
 * @cssproperty [--rsc-radius=8px] - Corner radius of panels, messages and buttons.
 * @cssproperty [--rsc-bg=#ffffff] - Background. Dark theme: #1f1f1f.
 * @cssproperty [--rsc-text=#1f1f1f] - Text colour. Dark theme: #e3e3e3.
 * @cssproperty [--rsc-muted=#595959] - Secondary text. Dark theme: #b8b8b8.
 * @cssproperty [--rsc-surface=#f0f2f5] - Panels, the customer's messages. Dark theme: #2d2f31.
 * @cssproperty [--rsc-border=#757575] - Borders. Dark theme: #8e8e8e.
 * @cssproperty [--rsc-danger=#b3261e] - End session, refusals, lost connections. Dark theme: #ffb4ab.
 * @cssproperty [--rsc-chat-height=32rem] - Height of the chat (at most the viewport's).
 * @cssproperty [--rsc-audit-height=16rem] - Height of the audit log before it scrolls.
 */
@localized()
export class RemoteSupportConsole extends LitElement {
  static override styles = consoleStyles;

  /**
   * Registers `<remote-support-console>` (or `tag`) and the elements it uses in `registry`. Calling it again, or
   * loading the script twice, is harmless.
   */
  static define(tag = 'remote-support-console', registry: CustomElementRegistry = customElements): void {
    RscSignInForm.define(undefined, registry);
    RscSessionPanel.define(undefined, registry);
    RscQueueList.define(undefined, registry);
    RscChatLog.define(undefined, registry);
    RscComposer.define(undefined, registry);
    RscFunctionList.define(undefined, registry);
    RscAuditLog.define(undefined, registry);
    RscScreenView.define(undefined, registry);
    RscFilePanel.define(undefined, registry);
    RscSysinfo.define(undefined, registry);
    defineElement(tag, this, registry);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Base URL of the relay, e.g. `https://support.example.com`. */
  @property({ attribute: 'server' }) server = '';

  /**
   * The functions new sessions offer by default, space or comma separated (`desktop-view remote-control
   * file-transfer system-info reboot`); all when empty. The technician can change the choice before creating.
   */
  @property({ attribute: 'functions' }) functions = '';

  /** `light` or `dark`; follows the system setting when absent. */
  @property({ attribute: 'theme', reflect: true }) theme: 'light' | 'dark' | undefined;

  /**
   * A technician token to sign in with (e.g. handed over by the vendor's own staff login); the sign-in form is
   * skipped. Property only: a token does not belong in an attribute.
   */
  @property({ attribute: false }) token = '';

  /** The functions chosen for the next session. */
  @state() private offer: FunctionId[] = [...FUNCTION_IDS];

  readonly #locale = new LocaleController(this, localization);
  readonly #console = new ConsoleController(this, {
    server: () => this.server,
    changed: (state, action) => this.#changed(state, action),
  });
  readonly #clock = new ClockController(this);
  #focus: FocusTarget | undefined;
  /** The element in the console that lost the focus to nothing (it was disabled or removed, or the page was clicked). */
  #dropped: Element | undefined;
  readonly #lobbyActions: LobbyActions = {
    choose: (fn, on) => this.#choose(fn, on),
    create: () => void this.createSession(),
    pick: (sessionId) => void this.#console.session?.pick(sessionId),
  };
  readonly #deskActions: DeskActions = {
    select: (key) => this.#console.desk?.select(key),
    open: () => {
      if (this.#console.desk?.open()) this.#focus = 'lobby';
    },
    close: (key) => {
      if (this.#console.desk?.close(key)) this.#focus = 'desk';
    },
  };

  /** The console's current state (read-only snapshot; see `session/types.ts`). */
  get state(): ConsoleState {
    return this.#console.state;
  }

  /** Signs in with a technician token; resolves true once connected. */
  async signIn(token: string): Promise<boolean> {
    return (await this.#console.desk?.signIn(token)) ?? false;
  }

  /** Signs out of every session of the desk (end them first: a live session is left to time out on the relay). */
  signOut(): void {
    this.#console.desk?.signOut();
  }

  /** Creates a session offering the chosen functions. */
  async createSession(): Promise<boolean> {
    return (await this.#console.session?.createSession(this.offer)) ?? false;
  }

  /** Ends the current session for good. */
  async end(): Promise<boolean> {
    return (await this.#console.session?.end()) ?? false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('focusout', this.#onFocusOut);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('focusout', this.#onFocusOut);
  }

  // (Moves of the focus inside the console do not reach its host: a focusout with a relatedTarget in the same tree
  // stops at the shadow root. One to nothing does.)
  readonly #onFocusOut = (e: FocusEvent): void => {
    const path = e.composedPath();
    const dropped = e.relatedTarget === null ? (path[0] as Element) : undefined;
    this.#dropped = dropped;
    // The part it was in, read now: once removed, the element no longer knows it.
    const part = path.find((node): node is ShadowRoot => node instanceof ShadowRoot)?.host as HTMLElement | undefined;
    // After the renders that took it away (the parts render after the console), unless a state change placed it.
    if (dropped) setTimeout(() => this.#recover(dropped, part));
  };

  /**
   * Focus dropped to the page's body because its control went away or was disabled, with nothing else to place it:
   * it goes to the part that held it (its first control, or the session panel's heading), else to the session or the
   * lobby, so that the keyboard goes on from where the technician was.
   */
  #recover(dropped: Element, part: HTMLElement | undefined): void {
    if (this.#dropped !== dropped) return;
    // Placed meanwhile, or the technician went on in the page: nothing to follow later either.
    if (this.matches(':focus-within') || !this.#focused()) return void (this.#dropped = undefined);
    this.#dropped = undefined;
    if (part instanceof RscSessionPanel && part.isConnected) return part.focus();
    const controls = part !== this && part?.isConnected ? [...(part.shadowRoot?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])] : [];
    const control = controls.find((c) => c.checkVisibility?.() ?? true);
    if (control) control.focus();
    else this.#focusTarget(this.#console.state.session ? 'session' : 'lobby');
  }

  /**
   * Whether the technician is working in the console: focus is in it, or was until the control holding it was
   * disabled (busy) or taken away, which drops the focus to the page's body.
   */
  #focused(): boolean {
    if (this.matches(':focus-within')) return true;
    const last = this.#dropped;
    const active = document.activeElement;
    return !!last && (active === null || active === document.body) && (!last.isConnected || last.matches(':disabled'));
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
    if (changed.has('server')) this.#console.serverChanged();
    if (changed.has('functions')) this.offer = parseFunctions(this.functions);
    if (changed.has('token') && this.token && this.#console.state.connection === 'signed-out') {
      void this.#console.desk?.signIn(this.token);
    }
  }

  protected override updated(): void {
    const s = this.#console.state;
    const now = this.#clock.now;
    this.#clock.running =
      s.connection !== 'signed-out' &&
      (!!codeView(s, now) || (s.session?.consent.prompts.length ?? 0) > 0 || s.queue.length > 0 || (retryWait(s, now) ?? 0) > 0 || coolingDown(s, now));
    const focus = this.#focus;
    this.#focus = undefined;
    if (focus) this.#focusTarget(focus);
  }

  protected override render(): TemplateResult {
    const s = this.#console.state;
    const lang = this.#locale.choice.locale;
    const desk = this.#console.desk;
    const live = desk ? desk.entries.some((e) => e.state !== undefined && e.state !== 'ended') : false;
    return html`${header(s, lang, () => this.signOut(), live)}
      <div class="main" lang=${lang}>${s.connection === 'signed-out' ? this.#signIn(s) : this.#signedIn(s)}</div>`;
  }

  #signIn(s: ConsoleState): TemplateResult {
    return html`${!this.server
        ? html`<p class="error" role="alert">${msg('No relay configured: set the server attribute.', { id: 'console.no-server' })}</p>`
        : nothing}
      ${hasLiveSession(s)
        ? html`<p class="notice">${msg('Sign in again to return to your session.', { id: 'console.sign-in-again' })}</p>`
        : nothing}
      <rsc-sign-in
        .error=${s.error?.op === 'sign-in' ? s.error : undefined}
        @sign-in=${(e: CustomEvent<{ token: string }>) => void this.#console.desk?.signIn(e.detail.token)}
      ></rsc-sign-in>`;
  }

  #signedIn(s: ConsoleState): TemplateResult {
    const now = this.#clock.now;
    const x = this.#console.session;
    const desk = this.#console.desk;
    const locale = this.#locale.choice.tag;
    return html`${desk ? deskView(desk.entries, desk.canOpen, this.#deskActions) : nothing} ${notice(s, () => x?.dismissNotice())}
      ${errorLine(s, now)}
      ${s.session
        ? sessionView(s, now, locale, x, () => void this.end())
        : html`${lobby(s, this.offer, now, this.#lobbyActions)} ${inboxView(s.inbox, locale)}`}`;
  }

  #choose(fn: FunctionId, on: boolean): void {
    const chosen = new Set(this.offer);
    if (on) {
      chosen.add(fn);
      // Remote control needs screen viewing.
      if (fn === 'remote-control') chosen.add('desktop-view');
    } else {
      chosen.delete(fn);
      if (fn === 'desktop-view') chosen.delete('remote-control');
    }
    this.offer = FUNCTION_IDS.filter((id) => chosen.has(id));
  }

  /** Decides where focus goes when the state changes in a way the technician must follow. */
  #changed(state: ConsoleState, action: ConsoleAction | { type: 'desk' }): void {
    if (!this.#focused()) return;
    // The view under focus goes away in these cases: focus moves to what replaces it.
    if (action.type === 'sign-in' && this.renderRoot.querySelector('rsc-sign-in')) this.#focus = 'title';
    else if (action.type === 'sign-out' || (action.type === 'connect-failed' && state.connection === 'signed-out')) this.#focus = 'sign-in';
    else if (action.type === 'created' || action.type === 'picked' || (action.type === 'relay' && action.event === 'session:ended')) {
      this.#focus = 'session';
    } else if (action.type === 'close-session' || action.type === 'handed-off') this.#focus = 'lobby';
    else if (action.type === 'dismiss-notice') this.#focus = state.session ? 'session' : 'lobby';
    else if (action.type === 'colleagues-listed' && this.#atHandoff()) this.#focus = 'handoff';
  }

  /**
   * Whether the technician still waits at the hand-off (focus in its section, or dropped from there): the list can
   * come seconds after Find colleagues online, when they may be typing in the chat.
   */
  #atHandoff(): boolean {
    const handoff = this.renderRoot.querySelector('[part=handoff]');
    const active = (this.renderRoot as ShadowRoot).activeElement;
    return !!handoff && (active ? handoff.contains(active) : !!this.#dropped && !this.#dropped.isConnected);
  }

  #focusTarget(target: FocusTarget): void {
    const root = this.renderRoot;
    switch (target) {
      case 'title':
        root.querySelector<HTMLElement>('#title')?.focus();
        break;
      case 'sign-in':
        root.querySelector<RscSignInForm>('rsc-sign-in')?.focus();
        break;
      case 'session':
        root.querySelector<RscSessionPanel>('rsc-session-panel')?.focus();
        break;
      case 'lobby':
        root.querySelector<HTMLElement>('#new-title')?.focus();
        break;
      case 'desk':
        root.querySelector<HTMLElement>('.desk-entry[aria-current]')?.focus();
        break;
      case 'handoff':
        // The list of colleagues, or Look again when nobody is online.
        root.querySelector<HTMLElement>('#handoff-colleague, [part=handoff] button')?.focus();
        break;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'remote-support-console': RemoteSupportConsole;
    'rsc-sign-in': RscSignInForm;
    'rsc-session-panel': RscSessionPanel;
    'rsc-queue-list': RscQueueList;
    'rsc-chat-log': RscChatLog;
    'rsc-composer': RscComposer;
    'rsc-function-list': RscFunctionList;
    'rsc-audit-log': RscAuditLog;
    'rsc-screen-view': RscScreenView;
    'rsc-file-panel': RscFilePanel;
    'rsc-sysinfo': RscSysinfo;
  }
}
