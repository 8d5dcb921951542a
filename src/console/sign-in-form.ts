import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import { defineElement } from './define.js';
import { signInFormStyles } from './sign-in-form.styles.js';
import type { ConsoleError } from './session/types.js';
import { errorText } from './strings.js';

/**
 * Sign-in with a technician token (a JWT the vendor issues, e.g. `npx remote-support-relay token`). The token field is
 * a password field: the token is a secret. A refusal by the relay is shown under the field and described to
 * assistive technology.
 *
 * @summary The technician's sign-in form.
 * @tagname rsc-sign-in
 * @fires sign-in - The technician submitted `detail.token` (trimmed, not empty). Internal to the console.
 */
@localized()
export class RscSignInForm extends LitElement {
  static override styles = signInFormStyles;

  static define(tag = 'rsc-sign-in', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** The last sign-in error, if any. */
  @property({ attribute: false }) error: ConsoleError | undefined;

  @query('input') private field!: HTMLInputElement;

  /** Moves focus to the token field. */
  override focus(options?: FocusOptions): void {
    this.updateComplete.then(() => this.field?.focus(options)).catch(() => undefined);
  }

  protected override render(): TemplateResult {
    const error = this.error ? errorText(this.error.code) : '';
    return html`<form novalidate @submit=${this.#submit}>
      <h2>${msg('Sign in', { id: 'console.sign-in.title' })}</h2>
      <p class="muted" id="hint">
        ${msg('Paste the technician token your organisation gave you. It stays in this tab only.', { id: 'console.sign-in.hint' })}
      </p>
      <label for="token">${msg('Technician token', { id: 'console.sign-in.label' })}</label>
      <input
        id="token"
        name="token"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        aria-describedby="hint error"
        aria-invalid=${error ? 'true' : 'false'}
      />
      <p id="error" class="error" role="alert">${error || nothing}</p>
      <button type="submit">${msg('Sign in', { id: 'console.sign-in.submit' })}</button>
    </form>`;
  }

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    const token = this.field.value.trim();
    if (!token) {
      this.field.focus();
      return;
    }
    this.field.value = '';
    this.dispatchEvent(new CustomEvent('sign-in', { detail: { token } }));
  }
}
