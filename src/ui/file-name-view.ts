/**
 * How both UIs show a file name (already made neutral by file-names.ts): isolated from the text around it, with the
 * extension the file will really have shown apart, and a warning before Accept when it is a program or script.
 */
import { msg, str } from '@lit/localize';
import { css, html, nothing, type TemplateResult } from 'lit';
import { fileExtension, isRiskyFile } from './file-names.js';

/** The name, isolated (`<bdi>`), and its extension in a badge of its own. */
export function fileNameView(name: string): TemplateResult {
  const ext = fileExtension(name);
  return html`<bdi class="file-name">${name}</bdi>
    <span class="file-ext" dir="ltr">${ext ? `.${ext}` : msg('no extension', { id: 'file-name.no-extension' })}</span>`;
}

/** A warning for a file that may run code when opened; `id` lets the Accept button point at it. */
export function riskyFileNote(name: string, id?: string): TemplateResult | typeof nothing {
  if (!isRiskyFile(name)) return nothing;
  const ext = `.${fileExtension(name)}`;
  return html`<p class="file-risky" role="note" id=${id ?? nothing}>
    ${msg(str`This ${ext} file can run programs on your computer. Accept it only if you expected it and trust the sender.`, { id: 'file-name.risky' })}
  </p>`;
}

export const fileNameStyles = css`
  .file-name {
    unicode-bidi: isolate;
  }
  /* A file's row keeps its name's ink (combining marks stacked above a letter) to itself, as a chat bubble does. */
  .file-row {
    overflow: clip;
    overflow-clip-margin: 0.25rem;
  }
  .file-ext {
    padding-inline: 0.4em;
    border: 1px solid currentColor;
    border-radius: 0.3em;
    font-size: 0.85em;
    font-weight: 600;
    white-space: nowrap;
  }
  .file-risky {
    margin-block: 0.25rem;
    padding-inline-start: 0.5rem;
    border-inline-start: 4px solid var(--rsw-danger, var(--rsc-danger-fg, currentColor));
    font-weight: 600;
  }
`;
