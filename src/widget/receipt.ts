/**
 * The customer's receipt in words: every audit entry as a translated sentence (what follows "<who>: " on its line of
 * the transcript). Each audit type of the protocol has its sentence here; a type this version does not know (a
 * newer relay) is shown in the log's own words rather than dropped.
 */
import { msg, str } from '@lit/localize';
import { SYSINFO_KEYS, type SysinfoKey } from '../protocol/constants.js';
import type { AuditEntry, AuditType, EndReason } from '../protocol/index.js';
import { functionNameFor } from './control-strings.js';
import type { ControlMode } from './session/control-wording.js';
import type { SystemEvent, SystemItem } from './session/types.js';
import { endText } from './end-text.js';
import { formatList } from './format.js';
import { systemText } from './strings.js';
import { sysinfoLabel } from './sysinfo-labels.js';

/** The file's name out of a transfer's audit detail (`name (size bytes, sha256 …)`, then `: reason` when cancelled). */
export function fileName(detail: string | undefined): string {
  const match = /^([\s\S]*) \(\d+ bytes, sha256 [0-9a-f]{64}\)(?:: [\w-]+)?$/.exec(detail ?? '');
  return match ? match[1]! : (detail ?? '');
}

function screenStarted(surface: string | undefined): string {
  switch (surface) {
    case 'this-tab':
      return msg('Started sharing this tab', { id: 'audit.screen-this-tab' });
    case 'browser':
      return msg('Started sharing a browser tab', { id: 'audit.screen-browser' });
    case 'window':
      return msg('Started sharing a window', { id: 'audit.screen-window' });
    case 'monitor':
      return msg('Started sharing the whole screen', { id: 'audit.screen-monitor' });
    default:
      return msg('Started sharing the screen', { id: 'audit.screen-other' });
  }
}

/** The system information's keys in words, as a list in the current language. */
function sysinfoKeys(detail: string | undefined, locale: string | undefined): string {
  const labels = (detail ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k): k is SysinfoKey => (SYSINFO_KEYS as readonly string[]).includes(k))
    .map(sysinfoLabel);
  return formatList(labels, locale);
}

function consentChange(e: AuditEntry, fn: string): string {
  switch (e.to) {
    case 'granted':
      return msg(str`Allowed: ${fn}`, { id: 'audit.granted' });
    case 'denied':
      return msg(str`Not allowed: ${fn}`, { id: 'audit.denied' });
    case 'expired':
      return msg(str`No answer, not allowed: ${fn}`, { id: 'audit.expired' });
    case 'revoked':
      return msg(str`Stopped: ${fn}`, { id: 'audit.revoked' });
    case 'used':
      return msg(str`Used: ${fn}`, { id: 'audit.used' });
    case 'pending':
      return msg(str`Asked for: ${fn}`, { id: 'audit.requested' });
    default:
      return msg(str`Changed: ${fn}`, { id: 'audit.changed' });
  }
}

export interface ReceiptContext {
  /** The technician's name. */
  who: string;
  /** How remote control was to be worded when the entry was written. */
  control: ControlMode;
  /** BCP 47 tag for lists (empty: the page's). */
  locale?: string;
}

/** One audit entry in words. */
export function receiptSentence(e: AuditEntry, { who, control, locale }: ReceiptContext): string {
  const line = (event: SystemEvent) => systemText({ event } as SystemItem, who);
  const fn = e.fn ? functionNameFor(e.fn, control) : '';
  const type: AuditType = e.type;
  switch (type) {
    case 'session-created':
      return msg('Session created', { id: 'audit.session-created' });
    case 'customer-queued':
      return msg('You asked for help in the support queue', { id: 'audit.customer-queued' });
    case 'customer-joined':
      return msg('You joined with the code', { id: 'audit.customer-joined' });
    case 'technician-joined':
      return line('technician-joined');
    case 'participant-dropped':
      return e.detail === 'customer' ? msg('Your connection dropped', { id: 'audit.customer-dropped' }) : line('technician-away');
    case 'participant-resumed':
      return line(e.detail === 'customer' ? 'connection-restored' : 'technician-back');
    case 'consent-requested':
      return msg(str`Asked for: ${fn}`, { id: 'audit.requested' });
    case 'consent-reconfirm-requested':
      return msg(str`Asked to confirm again: ${fn}`, { id: 'audit.reconfirm' });
    case 'consent-changed':
      return consentChange(e, fn);
    case 'function-used':
      return msg(str`Used: ${fn}`, { id: 'audit.used' });
    case 'use-refused':
      return msg(str`Refused, not allowed: ${fn}`, { id: 'audit.refused' });
    case 'session-ended':
      return endText(e.actor, e.detail as EndReason);
    case 'screen-started':
      return screenStarted(e.detail);
    case 'screen-stopped':
      return msg('Screen sharing stopped', { id: 'audit.screen-stopped' });
    case 'file-offered':
      return msg(str`File offered: ${fileName(e.detail)}`, { id: 'audit.file-offered' });
    case 'file-accepted':
      return msg(str`File accepted: ${fileName(e.detail)}`, { id: 'audit.file-accepted' });
    case 'file-transferred':
      return msg(str`File transferred and checked: ${fileName(e.detail)}`, { id: 'audit.file-transferred' });
    case 'file-cancelled':
      return msg(str`File transfer stopped: ${fileName(e.detail)}`, { id: 'audit.file-cancelled' });
    case 'sysinfo-sent':
      return msg(str`System information sent: ${sysinfoKeys(e.detail, locale)}`, { id: 'audit.sysinfo-sent' });
    case 'sysinfo-declined':
      return msg('System information not sent', { id: 'audit.sysinfo-declined' });
    case 'reboot-token-issued':
      return msg('Ready to reconnect by itself after the restart', { id: 'audit.reboot-ready' });
    case 'reboot-token-revoked':
      return msg('Reconnecting after a restart is no longer possible', { id: 'audit.reboot-revoked' });
    case 'rejoined-after-restart':
      return line('restarted');
    case 'session-rated':
      return e.comment
        ? msg(str`Rated the session ${e.detail ?? ''} out of 5: ${e.comment}`, { id: 'audit.rated-comment' })
        : msg(str`Rated the session ${e.detail ?? ''} out of 5`, { id: 'audit.rated' });
    case 'agent-connected':
      return msg(str`The support program on your computer connected: ${e.detail ?? ''}`, { id: 'audit.agent-connected' });
    case 'agent-disconnected':
      return msg('The support program on your computer disconnected', { id: 'audit.agent-disconnected' });
    case 'session-handed-off':
      return msg(str`Handed from ${e.from ?? ''} to ${e.to ?? ''}`, { id: 'audit.handed-off' });
    default: {
      // A type this version does not know (a newer relay): the log's own words.
      const unknown: never = type;
      return [unknown as string, fn, e.cause, e.detail].filter(Boolean).join(' · ');
    }
  }
}
