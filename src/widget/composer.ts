import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, type TemplateResult } from 'lit';
import { LIMITS_MESSAGE_LENGTH } from './limits.js';
import { composerStyles } from './composer.styles.js';
import { defineElement } from './define.js';

/** A typing notice is repeated at most this often while the customer keeps typing. */
const TYPING_EVERY_MS = 3000;
/** After this long without a keystroke the customer counts as no longer typing. */
const TYPING_IDLE_MS = 4000;

/**
 * Where the customer writes. Enter sends, Shift+Enter starts a new line (and Enter while an IME is composing does
 * neither); the Send button sends too. Typing notices are throttled.
 *
 * @summary The chat message field and Send button.
 * @tagname rsw-composer
 * @fires send - The customer sent `detail.text` (trimmed, not empty). Internal to the widget.
 * @fires typing - The customer started or stopped typing (`detail.typing`), at most every few seconds. Internal.
 */
export class RswComposer extends LitElement {
  static override styles = composerStyles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = { disabled: { type: Boolean, reflect: true } };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  static define(tag = 'rsw-composer', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** Disables the field and button. */
  disabled = false;

  #typingSince = 0;

  private get field(): HTMLTextAreaElement {
    return this.renderRoot.querySelector('textarea')!;
  }

  #idle: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#typing(false);
  }

  protected override render(): TemplateResult {
    return html`<form @submit=${this.#submit}>
      <label class="sr-only" for="text">${msg('Message', { id: 'composer.label' })}</label>
      <textarea
        id="text"
        rows="1"
        maxlength=${LIMITS_MESSAGE_LENGTH}
        enterkeyhint="send"
        placeholder=${msg('Write a message…', { id: 'composer.placeholder' })}
        ?disabled=${this.disabled}
        @keydown=${this.#keydown}
        @input=${this.#input}
        @blur=${() => this.#typing(false)}
      ></textarea>
      <button type="submit" ?disabled=${this.disabled}>${msg('Send', { id: 'composer.send' })}</button>
    </form>`;
  }

  #keydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      this.#send();
    }
  }

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    this.#send();
  }

  #send(): void {
    const text = this.field.value.trim();
    if (!text || this.disabled) return;
    this.field.value = '';
    this.#typing(false);
    this.dispatchEvent(new CustomEvent('send', { detail: { text } }));
  }

  #input(): void {
    if (!this.field.value.trim()) return this.#typing(false);
    if (Date.now() - this.#typingSince > TYPING_EVERY_MS) this.#typing(true);
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#typing(false), TYPING_IDLE_MS);
  }

  #typing(typing: boolean): void {
    clearTimeout(this.#idle);
    if (!typing && !this.#typingSince) return;
    this.#typingSince = typing ? Date.now() : 0;
    this.dispatchEvent(new CustomEvent('typing', { detail: { typing } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-composer': RswComposer;
  }
}
