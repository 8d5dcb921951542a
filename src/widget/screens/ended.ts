/** After the end: what happened, that nothing is shared any more, the transcript download, and the chat as it was. */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { RatingScore } from '../../protocol/constants.js';
import { endText } from '../strings.js';
import { transfers } from './transfers.js';
import type { ScreenActions, WidgetView } from './view.js';

export function endedScreen(v: WidgetView, a: ScreenActions): TemplateResult {
  const s = v.s;
  return html`<div class="screen">
      <h3 id="ended" tabindex="-1">${msg('The session is finished', { id: 'status.ended' })}</h3>
      ${s.ended ? html`<p>${endText(s.ended.by, s.ended.reason)}</p>` : nothing}
      <p class="small">
        ${msg('The technician can no longer see or control anything. Closing this box clears the session from this browser.', {
          id: 'ended.detail',
        })}
      </p>
      <p class="error" role="alert">
        ${v.downloadFailed ? msg('The transcript could not be downloaded.', { id: 'ended.download-failed' }) : nothing}
      </p>
      <div class="row">
        <button type="button" @click=${a.download}>${msg('Download transcript', { id: 'ended.download' })}</button>
        <button type="button" class="secondary" @click=${() => a.close()}>${msg('Close', { id: 'close' })}</button>
      </div>
      ${s.sessionId && s.technician
        ? html`<rsw-rating-form .send=${(score: RatingScore, comment: string) => a.session()?.rate(score, comment) ?? Promise.resolve(false)}></rsw-rating-form>`
        : nothing}
    </div>
    <rsw-chat-log part="log" .items=${s.items} .technician=${s.technician?.name ?? ''}></rsw-chat-log>
    ${transfers(v, a)}`;
}
