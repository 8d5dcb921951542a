import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { fileNameView, riskyFileNote } from '../ui/file-name-view.js';
import { isRiskyFile } from '../ui/file-names.js';
import type { TransferView } from '../ui/transfers.js';
import { defineElement } from './define.js';
import { filePanelStyles } from './file-panel.styles.js';
import { formatBytes } from './format.js';
import type { FilePanelView } from './session/views.js';
import { transferStatusText } from './function-strings.js';

const LIVE = ['preparing', 'offered', 'sending', 'receiving', 'verifying'];

/**
 * File transfer in both directions: Send a file (picker, or drop files on the panel) while the customer grants File
 * transfer, files the customer offers with Accept / Decline, a progress bar per transfer, Cancel, and a received file
 * (checked against its SHA-256) to save with a download link: it is never opened or shown. A file over the relay's
 * limit is refused here before anything is sent. File names are shown as text.
 *
 * @summary File transfers with the customer.
 * @tagname rsc-file-panel
 * @fires send-files - Offer `detail.files` to the customer. Internal to the console.
 * @fires accept-file - Accept the customer's file `detail.id`. Internal to the console.
 * @fires decline-file - Decline the customer's file `detail.id`. Internal to the console.
 * @fires cancel-file - Stop transfer `detail.id`. Internal to the console.
 */
@localized()
export class RscFilePanel extends LitElement {
  static override styles = filePanelStyles;

  static define(tag = 'rsc-file-panel', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** From `filePanel`. */
  @property({ attribute: false }) panel: FilePanelView | undefined;

  /** BCP 47 tag for sizes (empty = the browser's). */
  @property() locale = '';

  protected override render(): TemplateResult | typeof nothing {
    const panel = this.panel;
    if (!panel) return nothing;
    const locale = this.locale || undefined;
    const max = panel.maxBytes !== undefined ? formatBytes(panel.maxBytes, locale) : undefined;
    return html`<section aria-labelledby="title" @dragover=${this.#dragOver} @drop=${this.#drop}>
      <h2 id="title">${msg('Files', { id: 'console.file.title' })}</h2>
      <div class="send">
        <input id="picker" type="file" multiple hidden tabindex="-1" @change=${this.#picked} />
        <button type="button" class="secondary" ?disabled=${!panel.enabled} aria-describedby="send-hint" @click=${this.#pick}>
          ${msg('Send a file…', { id: 'console.file.send' })}
        </button>
        <p class="muted" id="send-hint">
          ${panel.enabled
            ? max
              ? msg(str`Up to ${max} per file. The customer accepts each file before it is sent.`, { id: 'console.file.hint' })
              : msg('The customer accepts each file before it is sent.', { id: 'console.file.hint-no-limit' })
            : msg('Available while the customer grants File transfer.', { id: 'console.file.needs-grant' })}
        </p>
      </div>
      ${panel.transfers.length
        ? html`<ul class="rows" aria-label=${msg('Transfers', { id: 'console.file.list' })}>
            ${panel.transfers.map((t) => this.#transfer(t, panel, locale, max))}
          </ul>`
        : nothing}
      <p class="sr-only" role="status">${this.#announcement(panel.transfers, max)}</p>
    </section>`;
  }

  #transfer(t: TransferView, panel: FilePanelView, locale: string | undefined, max: string | undefined): TemplateResult {
    const id = `tr-${t.id}`;
    const live = LIVE.includes(t.status);
    const direction =
      t.direction === 'out' ? msg('To the customer', { id: 'console.file.to-customer' }) : msg('From the customer', { id: 'console.file.from-customer' });
    const failed = t.status === 'failed' || t.status === 'cancelled' || t.status === 'declined';
    return html`<li class="transfer file-row ${t.status}">
      <p class="what">
        <span class="name" id="${id}-name">${fileNameView(t.name)}</span>
        <span class="muted">${formatBytes(t.size, locale)} · ${direction}</span>
      </p>
      ${t.status === 'incoming' ? riskyFileNote(t.name, `${id}-risky`) : nothing}
      ${live && t.status !== 'offered' && t.status !== 'preparing'
        ? html`<progress
            max=${Math.max(1, t.size)}
            .value=${t.size ? t.bytes : t.status === 'verifying' ? 1 : 0}
            aria-label=${msg(str`Progress of ${t.name}`, { id: 'console.file.progress' })}
          ></progress>`
        : nothing}
      <p class="state ${failed ? 'error' : ''}" id="${id}-state">${transferStatusText(t.status, t.direction, t.reason, t.by, max)}</p>
      <div class="actions">
        ${t.status === 'incoming'
          ? html`<button
                type="button"
                ?disabled=${!panel.enabled}
                aria-label=${msg(str`Accept ${t.name}`, { id: 'console.file.accept-label' })}
                aria-describedby=${isRiskyFile(t.name) ? `${id}-risky` : nothing}
                @click=${() => this.#fire('accept-file', t.id)}>
                ${msg('Accept', { id: 'console.file.accept' })}
              </button>
              <button type="button" class="secondary" aria-label=${msg(str`Decline ${t.name}`, { id: 'console.file.decline-label' })} @click=${() => this.#fire('decline-file', t.id)}>
                ${msg('Decline', { id: 'console.file.decline' })}
              </button>`
          : nothing}
        ${live
          ? html`<button type="button" class="secondary" aria-label=${msg(str`Cancel ${t.name}`, { id: 'console.file.cancel-label' })} @click=${() => this.#fire('cancel-file', t.id)}>
              ${msg('Cancel', { id: 'console.file.cancel' })}
            </button>`
          : nothing}
        ${t.status === 'done' && t.url
          ? html`<a class="save" href=${t.url} download=${t.name} aria-label=${msg(str`Save ${t.name}`, { id: 'console.file.save-label' })}>
              ${msg('Save', { id: 'console.file.save' })}
            </a>`
          : nothing}
      </div>
    </li>`;
  }

  /** The newest transfer that wants attention, for screen readers (offers, and how a transfer ended). */
  #announcement(transfers: readonly TransferView[], max: string | undefined): string {
    const last = [...transfers].reverse().find((t) => !LIVE.includes(t.status));
    return last ? `${last.name}: ${transferStatusText(last.status, last.direction, last.reason, last.by, max)}` : '';
  }

  #fire(type: 'accept-file' | 'decline-file' | 'cancel-file', id: string): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { id } }));
  }

  #pick(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#picker')?.click();
  }

  #picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) this.dispatchEvent(new CustomEvent('send-files', { detail: { files } }));
  }

  #dragOver(event: DragEvent): void {
    if (!this.panel?.enabled || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }

  #drop(event: DragEvent): void {
    if (!this.panel?.enabled) return;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent('send-files', { detail: { files } }));
  }
}
