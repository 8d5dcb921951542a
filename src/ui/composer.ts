import { updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { LIMITS_MESSAGE_LENGTH } from './limits.js';

/** A typing notice is repeated at most this often while the writer keeps typing. */
const TYPING_EVERY_MS = 3000;
/** After this long without a keystroke the writer counts as no longer typing. */
const TYPING_IDLE_MS = 4000;

/** The composer's visible and accessible texts, localized by the subclass. */
export interface ComposerText {
  label: string;
  placeholder: string;
  send: string;
  /** The attach button's accessible name (needed when `attach` is on). */
  attach?: string;
}

/**
 * The message field and Send button of the widget (`rsw-composer`) and the console (`rsc-composer`). Enter sends,
 * Shift+Enter starts a new line (Enter while an IME is composing does neither); the Send button sends too. Typing
 * notices are throttled and stop after a pause. With `attach`, a paperclip button picks files and fires
 * `attach-files` (`detail.files`), for the user's own picks only. Subclasses give the texts, the rows and the styles.
 */
export abstract class ComposerBase extends LitElement {
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = { disabled: { type: Boolean, reflect: true }, attach: { type: Boolean } };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Disables the field and button. */
  disabled = false;

  /** Shows the attach button (e.g. while file transfer is allowed). */
  attach = false;

  /** Rows of the empty field. */
  protected rows = 1;

  #typingSince = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;

  private get field(): HTMLTextAreaElement {
    return this.renderRoot.querySelector('textarea')!;
  }

  /** The label, placeholder and button text, in the current locale. */
  protected abstract text(): ComposerText;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#typing(false);
  }

  protected override render(): TemplateResult {
    const text = this.text();
    return html`<form @submit=${this.#submit}>
      <label class="sr-only" for="text">${text.label}</label>
      <textarea
        id="text"
        rows=${this.rows}
        maxlength=${LIMITS_MESSAGE_LENGTH}
        enterkeyhint="send"
        placeholder=${text.placeholder}
        ?disabled=${this.disabled}
        @keydown=${this.#keydown}
        @input=${this.#input}
        @blur=${() => this.#typing(false)}
      ></textarea>
      ${this.attach
        ? html`<input type="file" multiple hidden tabindex="-1" @change=${this.#picked} /><button
              type="button"
              class="attach secondary"
              aria-label=${text.attach ?? ''}
              ?disabled=${this.disabled}
              @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M16.5 6.5l-8 8a2.1 2.1 0 0 0 3 3l8.5-8.5a4.2 4.2 0 0 0-6-6L5.5 11.5a6.4 6.4 0 0 0 9 9L20 15" />
              </svg></button>`
        : nothing}
      <button type="submit" ?disabled=${this.disabled}>${text.send}</button>
    </form>`;
  }

  #picked(e: Event): void {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    // Only the user's own pick (a page script can set `files` and fire `change` itself).
    if (e.isTrusted && files.length) this.dispatchEvent(new CustomEvent('attach-files', { detail: { files } }));
  }

  #keydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) this.#submit(e);
  }

  #submit(e: Event): void {
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
