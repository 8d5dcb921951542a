import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { FEEDBACK_LIMITS } from '../protocol/constants.js';
import { fromLauncher } from './from-launcher.js';
import { formatCountdown } from './format.js';
import { checkLeaveForm, leaveOutcome, type LeaveField, type LeaveForm, type LeaveStatus } from './leave-message.js';
import { leaveMessageFormStyles } from './leave-message-form.styles.js';
import type { Answer, PayloadOf } from './session/wire.js';

/**
 * Leaving a message while nobody can chat: the customer's name, an e-mail address or a phone number to be reached at,
 * and the message; checked here with the relay's own rules (leave-message.ts), sent once with `send` (the widget passes
 * its `message:leave` request). Says when it was sent, which field the relay refused, and offers Retry after a passing
 * failure (from the moment the relay allows it). Loaded only when a customer opens it (screens/leave-message.ts).
 *
 * @summary The leave-a-message form.
 * @tagname rsw-leave-message
 * @fires back - The customer goes back to the code screen. Internal to the widget.
 */
export class RswLeaveMessage extends LitElement {
  static override styles = leaveMessageFormStyles;
  static override properties = { status: { attribute: false }, problems: { attribute: false }, form: { attribute: false } };

  static define(tag = 'rsw-leave-message', registry: CustomElementRegistry = customElements): void {
    fromLauncher.define(tag, this, registry);
  }

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /**
   * Sends the message to the relay (`message:leave`). No initializer: the widget may set it before this element's
   * chunk is loaded, and an initializer would replace that value when the element upgrades.
   */
  send: ((payload: PayloadOf<'message:leave'>) => Promise<Answer<'message:leave'>>) | undefined;

  private status: LeaveStatus = { state: 'editing' };
  private problems: LeaveField[] = [];
  private form: LeaveForm = { name: '', contactKind: 'email', contact: '', text: '' };
  #payload: PayloadOf<'message:leave'> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('#leave-name, #leave-done')?.focus();
  }

  protected override firstUpdated(): void {
    // Rendered because the customer just asked for it: their next step is the first field.
    this.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override render(): TemplateResult {
    if (this.status.state === 'sent') return this.#sent();
    const f = this.form;
    const bad = (field: LeaveField) => (this.problems.includes(field) ? 'true' : 'false');
    const email = f.contactKind === 'email';
    const sending = this.status.state === 'sending';
    return html`<form novalidate @submit=${this.#submit} aria-labelledby="leave-title">
      <h3 id="leave-title">${msg('Leave a message', { id: 'leave.title' })}</h3>
      <p class="small">${msg('Nobody can chat right now. Leave a message and we will get back to you.', { id: 'leave.intro' })}</p>
      <div class="field">
        <label for="leave-name">${msg('Your name', { id: 'ask.name' })}</label>
        <input id="leave-name" type="text" autocomplete="name" maxlength=${FEEDBACK_LIMITS.name} aria-invalid=${bad('name')}
          aria-describedby="leave-name-error" .value=${f.name} @input=${(e: Event) => this.#edit('name', e)} />
        <p class="error" id="leave-name-error">${this.problems.includes('name') ? msg('Please enter your name.', { id: 'leave.name-error' }) : nothing}</p>
      </div>
      <fieldset>
        <legend>${msg('How can we reach you?', { id: 'leave.reach' })}</legend>
        <label><input type="radio" name="kind" .checked=${email} @change=${() => this.#kind('email')} />${msg('E-mail', { id: 'leave.email' })}</label>
        <label><input type="radio" name="kind" .checked=${!email} @change=${() => this.#kind('phone')} />${msg('Phone', { id: 'leave.phone' })}</label>
      </fieldset>
      <div class="field">
        <label for="leave-contact">${email ? msg('E-mail address', { id: 'leave.email-label' }) : msg('Phone number', { id: 'leave.phone-label' })}</label>
        <input id="leave-contact" type=${email ? 'email' : 'tel'} autocomplete=${email ? 'email' : 'tel'} aria-invalid=${bad('contact')}
          aria-describedby="leave-contact-error" .value=${f.contact} @input=${(e: Event) => this.#edit('contact', e)} />
        <p class="error" id="leave-contact-error">${this.problems.includes('contact') ? this.#contactError() : nothing}</p>
      </div>
      <div class="field">
        <label for="leave-text">${msg('Your message', { id: 'leave.text' })}</label>
        <textarea id="leave-text" rows="4" maxlength=${FEEDBACK_LIMITS.leftMessage} aria-invalid=${bad('text')}
          aria-describedby="leave-text-error" .value=${f.text} @input=${(e: Event) => this.#edit('text', e)}></textarea>
        <p class="error" id="leave-text-error">${this.problems.includes('text') ? msg('Please write your message.', { id: 'leave.text-error' }) : nothing}</p>
      </div>
      <p class="error" role="alert">${this.#failure()}</p>
      <p class="small" role="status">${sending ? msg('Sending…', { id: 'leave.sending' }) : nothing}</p>
      <button type="submit" class="primary" aria-disabled=${sending || this.#waiting() > 0}>
        ${this.status.state === 'failed' && this.status.retryable ? msg('Retry', { id: 'leave.retry' }) : msg('Send message', { id: 'leave.send' })}
      </button>
      <button type="button" class="link" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>${msg('Back', { id: 'leave.back' })}</button>
    </form>`;
  }

  #sent(): TemplateResult {
    return html`<div class="done">
      <p role="status" id="leave-done" tabindex="-1">
        ${msg(str`Your message was sent. We will get back to you at ${this.#payload?.contact.value ?? ''}.`, { id: 'leave.sent' })}
      </p>
      <button type="button" class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>${msg('Back', { id: 'leave.back' })}</button>
    </div>`;
  }

  #contactError(): string {
    return this.form.contactKind === 'email'
      ? msg('Please enter an e-mail address such as name@example.com.', { id: 'leave.email-error' })
      : msg('Please enter a phone number of 6 to 15 digits (spaces, + and - are fine).', { id: 'leave.phone-error' });
  }

  #failure(): string | typeof nothing {
    const s = this.status;
    if (this.problems.length) return msg('Please correct the marked fields.', { id: 'leave.invalid' });
    if (s.state !== 'failed') return nothing;
    if (!s.retryable) return msg('Your message could not be sent.', { id: 'leave.refused' });
    const wait = this.#waiting();
    return wait > 0
      ? msg(str`Too many messages were sent from here. You can retry in ${formatCountdown(wait)}.`, { id: 'leave.rate-limited' })
      : msg('Your message could not be sent right now. Please retry.', { id: 'leave.failed' });
  }

  /** ms until Retry makes sense. */
  #waiting(): number {
    return this.status.state === 'failed' && this.status.retryable ? Math.max(0, this.status.retryAt - Date.now()) : 0;
  }

  #edit(field: 'name' | 'contact' | 'text', e: Event): void {
    this.form = { ...this.form, [field]: (e.target as HTMLInputElement).value };
  }

  #kind(kind: LeaveForm['contactKind']): void {
    this.form = { ...this.form, contactKind: kind };
    this.problems = this.problems.filter((p) => p !== 'contact');
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.status.state === 'sending' || this.#waiting() > 0) return;
    const check = checkLeaveForm(this.form, document.documentElement.lang || undefined);
    if (!check.ok) {
      this.problems = check.problems;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    this.problems = [];
    this.#payload = check.payload;
    this.status = { state: 'sending' };
    const unreachable = { ok: false, error: 'unreachable' } as const;
    const answer = this.send ? await this.send(check.payload).catch(() => unreachable) : unreachable;
    this.status = leaveOutcome(answer, Date.now());
    if (this.status.state === 'failed' && this.status.field) this.problems = [this.status.field];
    this.#tick();
    if (this.status.state === 'sent') {
      await this.updateComplete;
      this.focus();
    }
  }

  /** Re-renders every second while Retry waits (the countdown, then the button). */
  #tick(): void {
    clearTimeout(this.#timer);
    if (this.#waiting() <= 0) return;
    this.#timer = setTimeout(() => {
      this.requestUpdate();
      this.#tick();
    }, 1000);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-leave-message': RswLeaveMessage;
  }
}
