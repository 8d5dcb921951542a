/**
 * After the end: what happened, that nothing is shared any more, the transcript download, the rating, and the chat as
 * it was. A chunk of its own (screens/lazy.ts), loaded when a session ends.
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { RatingScore } from '../../protocol/constants.js';
import { RswRatingForm } from '../rating-form.js';
import { endText } from '../end-text.js';
import type { ScreenActions, WidgetView } from './view.js';
import { endedTitle } from './ended-title.js';

/** Defines the elements of the end screen in `registry` (once). */
export function defineEndedParts(registry: CustomElementRegistry): void {
  RswRatingForm.define(undefined, registry);
}

/** `files`: the session's files (screens/chat.ts draws them, with the functions' chunk). */
export function endedScreen(v: WidgetView, a: ScreenActions, files: TemplateResult | typeof nothing): TemplateResult {
  const s = v.s;
  return html`<div class="screen">
      ${endedTitle()}
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
    ${files}`;
}
