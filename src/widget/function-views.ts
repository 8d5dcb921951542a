/**
 * What the customer sees of the functions inside the chat screen: the file transfers (offers to accept or decline,
 * progress, cancel, the received file to save), the system information before it is sent, the restart notice and
 * the technician's pointer; with them the wording of these functions' prompts. Templates only;
 * `<remote-support-widget>` places them and passes the actions. Everything that came over the network is rendered as
 * text.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { SysinfoItem } from '../protocol/index.js';
import { fileNameStyles, fileNameView, riskyFileNote } from '../ui/file-name-view.js';
import { isRiskyFile } from '../ui/file-names.js';
import { formatBytes } from '../ui/format-bytes.js';
import { functionViewStyles } from './function-views.styles.js';
import type { TransferView, WidgetSessionLike } from './session/types.js';
import { sysinfoValue } from '../ui/sysinfo-value.js';
import { sysinfoLabel } from './sysinfo-labels.js';

/** The prompts of the functions other than screen viewing (consent-prompt.ts `words`). */
export { promptWords } from './prompt-words.js';

/** The views' styles, which the box adopts when this part is loaded (screens/lazy.ts). */
export const partStyles = [fileNameStyles, functionViewStyles];

/** Where a transfer stands, in words. */
function transferStatus(t: TransferView, locale?: string): string {
  const out = t.direction === 'out';
  switch (t.status) {
    case 'preparing':
      return msg('Preparing…', { id: 'file.preparing' });
    case 'offered':
      return msg('Waiting for the technician to accept.', { id: 'file.offered' });
    case 'incoming':
      return msg('The technician wants to send you this file. Nothing is saved unless you accept.', { id: 'file.incoming' });
    case 'sending':
      return msg('Sending…', { id: 'file.sending' });
    case 'receiving':
      return msg('Receiving…', { id: 'file.receiving' });
    case 'verifying':
      return out ? msg('Sent. The technician is checking it…', { id: 'file.sent-checking' }) : msg('Checking…', { id: 'file.checking' });
    case 'done':
      return out ? msg('Sent and checked.', { id: 'file.sent' }) : msg('Received and checked.', { id: 'file.received' });
    case 'declined':
      return t.by === 'customer' ? msg('You declined this file.', { id: 'file.you-declined' }) : msg('The technician declined this file.', { id: 'file.declined' });
    case 'cancelled':
      if (t.reason === 'revoked') return msg('Stopped: file transfer is no longer allowed.', { id: 'file.revoked' });
      if (t.reason === 'ended') return msg('Stopped: the session ended.', { id: 'file.ended' });
      return t.by === 'customer' ? msg('You cancelled this transfer.', { id: 'file.you-cancelled' }) : msg('The technician cancelled this transfer.', { id: 'file.cancelled' });
    case 'failed':
      if (t.reason === 'too-large') {
        return t.limit
          ? msg(str`This file is larger than ${formatBytes(t.limit, locale)}.`, { id: 'file.too-large' })
          : msg('This file is too large.', { id: 'file.too-large-unknown' });
      }
      if (t.reason === 'hash-mismatch') return msg('The file did not arrive intact and was not kept.', { id: 'file.damaged' });
      if (t.reason === 'not-granted') return msg('Stopped: file transfer is no longer allowed.', { id: 'file.revoked' });
      if (t.reason === 'too-many') return msg('Not sent: too many files are waiting or on their way. Send it again once one has finished.', { id: 'file.too-many' });
      return msg('The transfer failed.', { id: 'file.failed' });
  }
}

/** The session the transfers' buttons act on, read when the customer clicks (none after the end). */
type FileActions = () => Pick<WidgetSessionLike, 'acceptFile' | 'declineFile' | 'cancelFile'> | undefined;

/**
 * The session's files, newest last (after the end too: a received file can still be saved until the box is closed).
 */
export function transfersView(transfers: readonly TransferView[], session: FileActions, locale?: string): TemplateResult {
  return html`<section class="transfers" aria-label=${msg('Files', { id: 'file.list' })}>
    <ul>
      ${transfers.map((t) => {
        const moving = t.status === 'sending' || t.status === 'receiving';
        const live = !['done', 'declined', 'cancelled', 'failed', 'incoming'].includes(t.status);
        return html`<li class="file-row ${t.status}">
          <p><span class="name">${fileNameView(t.name)}</span> <span class="small">${formatBytes(t.size, locale)}</span></p>
          ${t.status === 'incoming' ? riskyFileNote(t.name, `risky-${t.id}`) : nothing}
          <p class="small" aria-live="polite">${transferStatus(t, locale)}</p>
          ${moving
            ? html`<progress
                max=${t.size || 1}
                .value=${t.bytes}
                aria-label=${t.direction === 'out'
                  ? msg(str`Sending ${t.name}`, { id: 'file.progress-out' })
                  : msg(str`Receiving ${t.name}`, { id: 'file.progress-in' })}
              ></progress>`
            : nothing}
          <div class="row">
            ${t.status === 'incoming'
              ? html`<button type="button" class="secondary" aria-label=${msg(str`Decline ${t.name}`, { id: 'file.decline-label' })} @click=${() => session()?.declineFile(t.id)}>
                    ${msg('Decline', { id: 'file.decline' })}</button
                  ><button
                    type="button"
                    aria-label=${msg(str`Accept ${t.name}`, { id: 'file.accept-label' })}
                    aria-describedby=${isRiskyFile(t.name) ? `risky-${t.id}` : nothing}
                    @click=${() => session()?.acceptFile(t.id)}>
                    ${msg('Accept', { id: 'file.accept' })}
                  </button>`
              : nothing}
            ${live
              ? html`<button type="button" class="secondary" aria-label=${msg(str`Cancel ${t.name}`, { id: 'file.cancel-label' })} @click=${() => session()?.cancelFile(t.id)}>
                  ${msg('Cancel', { id: 'cancel' })}
                </button>`
              : nothing}
            ${t.url
              ? html`<a class="save" href=${t.url} download=${t.name} aria-label=${msg(str`Save ${t.name}`, { id: 'file.save-label' })}
                  >${msg('Save', { id: 'file.save' })}</a
                >`
              : nothing}
          </div>
        </li>`;
      })}
    </ul>
  </section>`;
}

/** Exactly what would be sent, with Send and Don't send (`answer` gets the click, to check it is the customer's). */
export function sysinfoView(items: readonly SysinfoItem[] | undefined, who: string, answer: (e: Event, send: boolean) => void): TemplateResult | typeof nothing {
  if (!items) return nothing;
  return html`<section class="card sysinfo" id="sysinfo" tabindex="-1" aria-labelledby="sysinfo-q">
    <p id="sysinfo-q" class="question">${msg(str`${who} asks for information about your system. This is exactly what would be sent:`, { id: 'sysinfo.question' })}</p>
    <table>
      ${items.map((i) => html`<tr><th scope="row">${sysinfoLabel(i.key)}</th><td>${sysinfoValue(i.value)}</td></tr>`)}
    </table>
    <div class="row">
      <button type="button" class="secondary" @click=${(e: Event) => answer(e, false)}>${msg("Don't send", { id: 'sysinfo.decline' })}</button>
      <button type="button" @click=${(e: Event) => answer(e, true)}>${msg('Send', { id: 'sysinfo.send' })}</button>
    </div>
  </section>`;
}

/** While a restart is prepared. */
export function rebootView(reboot: { expiresAt: number } | undefined, now: number): TemplateResult | typeof nothing {
  if (!reboot || reboot.expiresAt <= now) return nothing;
  return html`<p class="notice info" role="status">
    ${msg('Restart your computer when your technician asks. Afterwards open this page again: you will be reconnected automatically.', {
      id: 'reboot.notice',
    })}
  </p>`;
}

/** The technician's pointer over the page: never takes events, hidden from assistive technology (it is a picture). */
export function pointerView(pointer: { x: number; y: number } | undefined, name: string): TemplateResult | typeof nothing {
  if (!pointer) return nothing;
  return html`<div part="pointer" class="pointer" aria-hidden="true">
    <svg viewBox="0 0 24 24"><path d="M4 2l16 10-7 1.5L9.5 21z" /></svg><span dir="auto">${name}</span>
  </div>`;
}
