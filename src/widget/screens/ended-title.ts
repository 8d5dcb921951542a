/** The end screen's heading: drawn at once, while the rest of the end screen (screens/ended.ts) loads. */
import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';

export function endedTitle(): TemplateResult {
  return html`<h3 id="ended" tabindex="-1">${msg('The session is finished', { id: 'status.ended' })}</h3>`;
}
