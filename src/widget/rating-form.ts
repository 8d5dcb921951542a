import { msg } from '@lit/localize';
import { updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { FEEDBACK_LIMITS, RATING_SCORES, type RatingScore } from '../protocol/constants.js';
import { fromLauncher } from './from-launcher.js';
import { ratingFormStyles } from './rating-form.styles.js';

/**
 * Asks the customer, after the session, how it went: a 1–5 scale and an optional comment, sent once with the
 * `send` callback (the widget passes its session's `rate`). Says thank you when the relay has it, and lets the
 * customer try again when it could not be sent.
 *
 * @summary The rating at the end of a session.
 * @tagname rsw-rating-form
 */
export class RswRatingForm extends LitElement {
  static override styles = ratingFormStyles;
  static override properties = {
    status: { attribute: false },
    score: { attribute: false },
  };

  static define(tag = 'rsw-rating-form', registry: CustomElementRegistry = customElements): void {
    fromLauncher.define(tag, this, registry);
  }

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Sends the rating; resolves to true once the relay has it. */
  send: (score: RatingScore, comment: string) => Promise<boolean> = () => Promise.resolve(false);

  private status: 'idle' | 'sending' | 'sent' | 'failed' | 'no-score' = 'idle';
  private score: RatingScore | undefined;

  protected override render(): TemplateResult {
    if (this.status === 'sent') return html`<p role="status">${msg('Thank you for your rating.', { id: 'rating.thanks' })}</p>`;
    const invalid = this.status === 'no-score';
    return html`<form @submit=${this.#submit} novalidate>
      <fieldset aria-describedby="ends" aria-invalid=${invalid ? 'true' : 'false'}>
        <legend>${msg('How did the session go?', { id: 'rating.question' })}</legend>
        <div class="scale">
          ${RATING_SCORES.map(
            (n) => html`<label
              ><input type="radio" name="score" .value=${String(n)} .checked=${this.score === n} @change=${() => (this.score = n)} />${n}</label
            >`,
          )}
        </div>
        <p class="ends" id="ends">
          <span>${msg('1 = poor', { id: 'rating.low' })}</span><span>${msg('5 = excellent', { id: 'rating.high' })}</span>
        </p>
      </fieldset>
      <label for="comment">${msg('Comment (optional)', { id: 'rating.comment' })}</label>
      <textarea id="comment" rows="2" maxlength=${FEEDBACK_LIMITS.ratingComment}></textarea>
      <p class="error" role="alert">
        ${invalid
          ? msg('Choose a number from 1 to 5 first.', { id: 'rating.no-score' })
          : this.status === 'failed'
            ? msg('Your rating could not be sent. Please try again.', { id: 'rating.failed' })
            : nothing}
      </p>
      <div class="row">
        <button type="submit" aria-disabled=${this.status === 'sending'}>${msg('Send rating', { id: 'rating.send' })}</button>
      </div>
    </form>`;
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.status === 'sending') return;
    if (this.score === undefined) {
      this.status = 'no-score';
      return;
    }
    const comment = this.renderRoot.querySelector('textarea')?.value.trim() ?? '';
    this.status = 'sending';
    this.status = (await this.send(this.score, comment).catch(() => false)) ? 'sent' : 'failed';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-rating-form': RswRatingForm;
  }
}
