import { localized, msg } from '@lit/localize';
import { html, LitElement, type TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import { composerStyles } from './composer.styles.js';
import { defineElement } from './define.js';

/** A typing notice is repeated at most this often while the technician keeps typing. */
const TYPING_EVERY_MS = 3000;
/** After this long without a keystroke the technician counts as no longer typing. */
const TYPING_IDLE_MS = 4000;
/** The relay's hard ceiling for one message (`LIMITS.messageLength`; the relay may be set lower). */
const MAX_LENGTH = 10_000;

/**
 * Where the technician writes. Enter sends, Shift+Enter starts a new line (Enter while an IME is composing does
 * neither); the Send button sends too. Typing notices are throttled and stop after a pause.
 *
 * @summary The chat message field and Send button.
 * @tagname rsc-composer
 * @fires send - The technician sent `detail.text` (trimmed, not empty). Internal to the console.
 * @fires typing - The technician started or stopped typing (`detail.typing`). Internal to the console.
 */
@localized()
export class RscComposer extends LitElement {
  static override styles = composerStyles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static define(tag = 'rsc-composer', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** Disables the field and button. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  @query('textarea') private field!: HTMLTextAreaElement;

  #typingSince = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#typing(false);
  }

  protected override render(): TemplateResult {
    return html`<form @submit=${this.#submit}>
      <label class="sr-only" for="text">${msg('Message to the customer', { id: 'console.composer.label' })}</label>
      <textarea
        id="text"
        rows="2"
        maxlength=${MAX_LENGTH}
        enterkeyhint="send"
        placeholder=${msg('Write a message…', { id: 'console.composer.placeholder' })}
        ?disabled=${this.disabled}
        @keydown=${this.#keydown}
        @input=${this.#input}
        @blur=${() => this.#typing(false)}
      ></textarea>
      <button type="submit" ?disabled=${this.disabled}>${msg('Send', { id: 'console.composer.send' })}</button>
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
