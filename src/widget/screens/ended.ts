/**
 * After the end: what happened, that nothing is shared any more, the transcript download, the rating, and the chat as
 * it was. A chunk of its own (screens/lazy.ts), loaded when a session ends.
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { RatingScore } from '../../protocol/constants.js';
import { LazyPart } from '../lazy-part.js';
import { RswRatingForm } from '../rating-form.js';
import { endText } from '../end-text.js';
import type { ScreenActions, WidgetView } from './view.js';
import { endedTitle } from './ended-title.js';

/** The transcript download (its receipt sentences and formatting), a chunk of its own fetched with the end screen. */
export const transcriptPart = new LazyPart((): Promise<typeof import('../transcript.js')> => import('../transcript.js'));

/** The boxes whose last transcript download failed. */
const downloadFailed = new WeakSet<WidgetView>();

/** Downloads the transcript as a text file; a failure (also to load its chunk) shows under the heading. */
async function download(v: WidgetView, a: ScreenActions): Promise<void> {
  if (downloadFailed.delete(v)) v.requestUpdate();
  try {
    const session = a.session();
    if (!session) throw new Error('no session');
    const [{ transcriptText, downloadText }, transcript] = await Promise.all([transcriptPart.ready(), session.transcript()]);
    downloadText(transcriptText(transcript, v.choice.tag), `remote-support-${new Date().toISOString().slice(0, 10)}.txt`, v.renderRoot);
  } catch {
    downloadFailed.add(v);
    v.requestUpdate();
  }
}

/** Defines the elements of the end screen in `registry` (once). */
export function defineEndedParts(registry: CustomElementRegistry): void {
  RswRatingForm.define(undefined, registry);
}

/** `files`: the session's files (screens/chat.ts draws them, with the functions' chunk). */
export function endedScreen(v: WidgetView, a: ScreenActions, files: TemplateResult | typeof nothing): TemplateResult {
  const s = v.s;
  // Its Download button: the transcript's chunk is fetched ahead.
  transcriptPart.get();
  return html`<div class="screen">
      ${endedTitle()}
      ${s.ended ? html`<p>${endText(s.ended.by, s.ended.reason)}</p>` : nothing}
      <p class="small">
        ${msg('The technician can no longer see or control anything. Closing this box clears the session from this browser.', {
          id: 'ended.detail',
        })}
      </p>
      <p class="error" role="alert">
        ${downloadFailed.has(v) ? msg('The transcript could not be downloaded.', { id: 'ended.download-failed' }) : nothing}
      </p>
      <div class="row">
        <button type="button" @click=${() => download(v, a)}>${msg('Download transcript', { id: 'ended.download' })}</button>
        <button type="button" class="secondary" @click=${() => a.close()}>${msg('Close', { id: 'close' })}</button>
      </div>
      ${s.sessionId && s.technician
        ? html`<rsw-rating-form .send=${(score: RatingScore, comment: string) => a.session()?.rate(score, comment) ?? Promise.resolve(false)}></rsw-rating-form>`
        : nothing}
    </div>
    <rsw-chat-log part="log" .items=${s.items} .technician=${s.technician?.name ?? ''}></rsw-chat-log>
    ${files}`;
}
