/** The pieces the code-entry and ask-for-help forms share: the anti-scam notice and the terms checkbox (the error line: error-line.ts). */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { ScreenActions, WidgetView } from './view.js';

/** The vendor's terms, if any, are accepted. */
export const termsOk = (v: Pick<WidgetView, 'terms' | 'termsAccepted'>): boolean => !v.terms || v.termsAccepted;

export function scamNotice(v: WidgetView): TemplateResult {
  return html`<p class="notice" id="scam">
    <strong
      >${v.vendor
        ? msg(str`Only continue if you contacted ${v.vendor} yourself.`, { id: 'scam.vendor' })
        : msg('Only continue if you contacted us yourself.', { id: 'scam.generic' })}</strong
    >
    ${msg('Never let someone who called you unexpectedly connect to your computer.', { id: 'scam.detail' })}
  </p>`;
}

export function terms(v: WidgetView, a: ScreenActions): TemplateResult | typeof nothing {
  const href = v.terms;
  if (!href) return nothing;
  return html`<div class="check">
    <input
      id="terms"
      type="checkbox"
      .checked=${v.termsAccepted}
      @change=${(e: Event) => a.accept((e.target as HTMLInputElement).checked)}
    />
    <label for="terms">
      ${msg('I accept the terms of remote support.', { id: 'terms.accept' })}
      <a href=${href} target="_blank" rel="noopener noreferrer"
        >${msg('Read the terms', { id: 'terms.read' })}<span class="sr-only"
          >${msg(' (opens in a new tab)', { id: 'new-tab' })}</span
        ></a
      >
    </label>
  </div>`;
}
