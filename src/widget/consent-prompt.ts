import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { afterNextFrame } from '../ui/after-frame.js';
import { consentPromptStyles } from './consent-prompt.styles.js';
import { fromLauncher } from './from-launcher.js';
import { formatCountdown, formatUnit } from './format.js';
import { ANSWER_GUARD_MS, checkAnswer } from './session/answer-guard.js';
import type { PromptView } from './session/types.js';
import type { ControlMode } from './session/control-wording.js';
import { screenPromptWords, technicianName, type PromptWording } from './strings.js';

/** Seconds left at which the countdown is announced to screen readers; it is visible all along. */
const ANNOUNCE_AT = [30, 10];

export interface DecideDetail {
  promptId: string;
  allow: boolean;
}

/** `decide` events made by this module from a trusted click. Page scripts cannot add to it. */
const genuine = new WeakSet<Event>();

/**
 * True only for a `decide` event that this element dispatched in answer to a real user action. The widget checks this,
 * so that a page script dispatching its own `decide` event on the element answers nothing.
 */
export function isGenuineDecision(event: Event): event is CustomEvent<DecideDetail> {
  return genuine.has(event);
}

/**
 * Asks the customer to allow or deny one remote-support function. An `alertdialog` that takes focus when a prompt
 * appears, names the technician and says in plain words what they could do, and shows the time left (announced to
 * screen readers only at a few moments). Only trusted user input answers: clicks whose `isTrusted` is false, as
 * made by `element.click()` or `dispatchEvent()` in page scripts, are ignored, as are clicks in the first moments.
 *
 * @summary The consent question for one remote-support function.
 * @tagname rsw-consent-prompt
 * @fires decide - The customer answered (`detail.promptId`, `detail.allow`). Internal to the widget, which accepts it
 * only when `isGenuineDecision(event)` holds.
 */
export class RswConsentPrompt extends LitElement {
  static override styles = consentPromptStyles;
  static override properties = {
    prompt: { attribute: false },
    control: { attribute: false },
    words: { attribute: false },
    busy: { type: Boolean },
    failed: { type: Boolean },
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  static define(tag = 'rsw-consent-prompt', registry: CustomElementRegistry = customElements): void {
    fromLauncher.define(tag, this, registry);
  }

  /** The prompt on show. */
  prompt: PromptView | undefined;

  /** What remote control does in this deployment (the relay says whether the vendor's agent declared itself). */
  control: ControlMode = 'point';

  /**
   * The wording of the other functions' prompts (prompt-words.ts, loaded with the functions' views): without it only
   * screen viewing's prompt shows (it is the box's own), never another function's question in the wrong words.
   */
  words: PromptWording | undefined;

  /** While the answer is on its way to the relay: further clicks do nothing. */
  busy = false;

  /** The last answer could not be delivered; the customer may answer again. */
  failed = false;

  #now = Date.now();
  /** What the live region says: the time left, at a few moments. */
  #announcement = '';
  /** An answer came within the guard time after the prompt appeared, and was ignored: say so. */
  #tooSoon = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #shown: string | undefined;
  #armedAt = 0;
  #announced = 0;
  /** The focus's move to the prompt on show, once done. */
  #focusing: Promise<void> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => {
      this.#now = Date.now();
      this.requestUpdate();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  protected override willUpdate(): void {
    const p = this.prompt;
    if (!p) return;
    const left = Math.ceil((p.expiresAt - this.#now) / 1000);
    if (p.id !== this.#shown) {
      this.#shown = p.id;
      this.#armedAt = performance.now() + ANSWER_GUARD_MS;
      this.#tooSoon = false;
      this.#announced = left;
      this.#announcement = '';
    }
    for (const at of ANNOUNCE_AT) {
      if (left <= at && left > 0 && this.#announced > at) {
        this.#announced = at;
        this.#announcement = msg(str`Time left to answer: ${formatUnit(at, 'second')}.`, { id: 'prompt.left' });
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const p = this.prompt;
    if (changed.has('prompt') && p && changed.get('prompt')?.id !== p.id) {
      // After the next frame (ui/after-frame.ts): a focus() right after the render laid the page out in the task of
      // the message that brought the prompt.
      this.#focusing = afterNextFrame().then(() => {
        if (this.prompt?.id === p.id) this.renderRoot.querySelector<HTMLElement>('[role=alertdialog]')?.focus();
      });
    }
  }

  /** Complete once the focus has moved to a new prompt. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.#focusing;
    return done;
  }

  protected override render(): TemplateResult | typeof nothing {
    const p = this.prompt;
    if (!p) return nothing;
    const t = p.technician;
    const who = technicianName(t?.name) + (t?.org ? ` (${t.org})` : '');
    const left = p.expiresAt - this.#now;
    const again = p.kind === 'reconfirm';
    const words = p.fn === 'desktop-view' ? screenPromptWords(p.kind, who) : this.words?.(p.fn, p.kind, who, this.control);
    if (!words) return nothing;
    return html`<div class="dialog" role="alertdialog" aria-labelledby="q" aria-describedby="d l" tabindex="-1">
      <p id="q" class="question">${words.question}</p>
      <p id="d">${words.detail}</p>
      <p id="l" class="sr-only">${msg('If you do not answer in time, this is not allowed.', { id: 'prompt.limit' })}</p>
      <p class="countdown" aria-hidden="true">
        ${left > 0
          ? msg(str`Answer within ${formatCountdown(left)}. No answer means no.`, { id: 'prompt.countdown' })
          : msg('Time is up: this is not allowed.', { id: 'prompt.timeout' })}
      </p>
      <p class="sr-only" aria-live="polite">${this.#announcement}</p>
      <p class="error" role="alert">
        ${this.failed
          ? msg('Your answer could not be sent. Please answer again.', { id: 'prompt.failed' })
          : this.#tooSoon
            ? msg('This question has just appeared. Please read it, then answer again.', { id: 'prompt.too-soon' })
            : nothing}
      </p>
      <div class="actions">
        <button type="button" class="secondary" aria-disabled=${this.busy} @click=${(e: Event) => this.#answer(e, false)}>
          ${again ? msg('Stop', { id: 'prompt.stop' }) : msg('Deny', { id: 'prompt.deny' })}
        </button>
        <button type="button" aria-disabled=${this.busy} @click=${(e: Event) => this.#answer(e, true)}>
          ${again ? msg('Keep allowing', { id: 'prompt.keep' }) : msg('Allow', { id: 'prompt.allow' })}
        </button>
      </div>
    </div>`;
  }

  #answer(e: Event, allow: boolean): void {
    // Synthetic events from page scripts (isTrusted false) never answer; neither do clicks right after the prompt
    // appeared, nor clicks while an answer is on its way. (The buttons are there only while a prompt is.)
    const check = checkAnswer({ trusted: e.isTrusted, busy: this.busy, now: performance.now(), armedAt: this.#armedAt });
    this.#tooSoon = !check.ok && check.reason === 'too-soon';
    this.requestUpdate();
    if (!check.ok) return;
    const event = new CustomEvent<DecideDetail>('decide', { detail: { promptId: this.prompt!.id, allow } });
    genuine.add(event);
    this.dispatchEvent(event);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-consent-prompt': RswConsentPrompt;
  }
}
