/**
 * The audit log's wording (also the chat's system lines): who did it, and each entry in words. Through `msg()` with
 * `console.` ids; text from the network is passed in as a plain string. An entry never changes, so its line is worked
 * out (details parsed, sizes and the time formatted) once per entry and language, not at every render of the log.
 */
import { LOCALE_STATUS_EVENT, msg, str } from '@lit/localize';
import type { AuditEntry, EndReason, Role } from '../protocol/index.js';
import type { ScreenStopReason, ScreenSurface } from './session/types.js';
import { fileDetailText, fileStopText } from './file-detail.js';
import { formatClock, formatNumber } from './format.js';
import { refusalText } from './refusal-detail.js';
import { endText, functionName, screenStopText } from './strings.js';

/** One audit entry as the log shows it. */
export interface AuditLine {
  /** When, for `<time datetime>`. */
  datetime: string;
  /** When, as a time of day in the locale. */
  clock: string;
  actor: string;
  text: string;
}

/** Grows each time @lit/localize has switched the texts to another language (the lines made before are stale). */
let language = 0;
let watching = false;

/** Counts language switches from the first line on (not at import: importing has no side effects). */
function watchLanguage(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  window.addEventListener(LOCALE_STATUS_EVENT, (e) => {
    if (e.detail.status === 'ready') language++;
  });
}

const lines = new WeakMap<AuditEntry, { language: number; locale: string | undefined; line: AuditLine }>();

/** The line of `entry` in the current language, `locale` formatting the time and file sizes; made once, then reused. */
export function auditLine(entry: AuditEntry, locale?: string): AuditLine {
  watchLanguage();
  const kept = lines.get(entry);
  if (kept && kept.language === language && kept.locale === locale) return kept.line;
  const line = { datetime: new Date(entry.at).toISOString(), clock: formatClock(entry.at, locale), actor: actorText(entry.actor), text: entryText(entry, locale) };
  lines.set(entry, { language, locale, line });
  return line;
}

/** One audit entry in words (the audit log, and the chat's system lines); `locale` formats file sizes. */
export function auditText(entry: AuditEntry, locale?: string): string {
  return auditLine(entry, locale).text;
}

/**
 * How many entries the relay did not keep before `entries[index]`: it keeps a session's first and last entries only
 * (PROTOCOL §3.5), and the dropped ones show as a jump in `seq`.
 */
export function entriesNotKept(entries: readonly AuditEntry[], index: number): number {
  const before = entries[index - 1];
  const entry = entries[index];
  return before && entry ? Math.max(0, entry.seq - before.seq - 1) : 0;
}

/** The line in the audit log where `count` entries were not kept. */
export function notKeptText(count: number, locale?: string): string {
  return count === 1
    ? msg('… 1 entry not kept …', { id: 'console.audit.not-kept-one' })
    : msg(str`… ${formatNumber(count, locale)} entries not kept …`, { id: 'console.audit.not-kept' });
}

/** Who did it, in the audit log. */
export function actorText(actor: Role | 'relay'): string {
  switch (actor) {
    case 'customer':
      return msg('Customer', { id: 'console.actor.customer' });
    case 'technician':
      return msg('You', { id: 'console.actor.technician' });
    case 'relay':
      return msg('Relay', { id: 'console.actor.relay' });
  }
}

function fileCancelledText(actor: Role | 'relay', file: string): string {
  switch (actor) {
    case 'technician':
      return msg(str`You stopped a file transfer: ${file}.`, { id: 'console.audit.file-cancelled-by-you' });
    case 'customer':
      return msg(str`The customer stopped a file transfer: ${file}.`, { id: 'console.audit.file-cancelled' });
    default:
      return msg(str`The relay stopped a file transfer: ${file}.`, { id: 'console.audit.file-cancelled-by-relay' });
  }
}

function entryText(entry: AuditEntry, locale?: string): string {
  const fn = entry.fn ? functionName(entry.fn) : '';
  const file = fileDetailText(entry.detail, locale);
  switch (entry.type) {
    case 'session-created':
      return msg('Session created.', { id: 'console.audit.session-created' });
    case 'customer-queued':
      return msg('The customer asked for help in the support queue.', { id: 'console.audit.customer-queued' });
    case 'customer-joined':
      return msg('The customer joined with the code.', { id: 'console.audit.customer-joined' });
    case 'technician-joined':
      return msg('You took the customer from the queue.', { id: 'console.audit.technician-joined' });
    case 'participant-dropped':
      return entry.detail === 'technician'
        ? msg('Your connection dropped.', { id: 'console.audit.technician-dropped' })
        : msg("The customer's connection dropped.", { id: 'console.audit.customer-dropped' });
    case 'participant-resumed':
      return entry.detail === 'technician'
        ? msg('You are back in the session.', { id: 'console.audit.technician-resumed' })
        : msg('The customer is back.', { id: 'console.audit.customer-resumed' });
    case 'consent-requested':
      return msg(str`You asked for: ${fn}.`, { id: 'console.audit.requested' });
    case 'consent-reconfirm-requested':
      return msg(str`The customer is asked to confirm again: ${fn}.`, { id: 'console.audit.reconfirm-requested' });
    case 'consent-changed':
      return consentChangeText(entry, fn);
    case 'function-used':
      return msg(str`You used: ${fn}.`, { id: 'console.audit.used' });
    case 'use-refused':
      return refusalText(entry.detail, entry.fn, locale) ?? msg(str`Refused by the relay: ${fn} (${entry.detail ?? ''}).`, { id: 'console.audit.refused' });
    case 'session-ended':
      return endText(entry.actor, entry.detail as EndReason | undefined);
    case 'screen-started':
      return screenStartedText(entry.detail as ScreenSurface | undefined);
    case 'screen-stopped':
      return msg("The customer's screen is no longer shared.", { id: 'console.audit.screen-stopped' });
    case 'file-offered':
      return entry.actor === 'technician'
        ? msg(str`You offered a file: ${file}.`, { id: 'console.audit.file-offered-by-you' })
        : msg(str`The customer offered a file: ${file}.`, { id: 'console.audit.file-offered' });
    case 'file-accepted':
      return entry.actor === 'technician'
        ? msg(str`You accepted the file: ${file}.`, { id: 'console.audit.file-accepted-by-you' })
        : msg(str`The customer accepted the file: ${file}.`, { id: 'console.audit.file-accepted' });
    case 'file-transferred':
      return msg(str`File transferred, SHA-256 checked: ${file}.`, { id: 'console.audit.file-transferred' });
    case 'file-cancelled':
      return [fileCancelledText(entry.actor, file), fileStopText(entry.detail, entry.actor)].filter(Boolean).join(' ');
    case 'sysinfo-sent':
      return msg('The customer sent their system information.', { id: 'console.audit.sysinfo-sent' });
    case 'sysinfo-declined':
      return msg('The customer chose not to send their system information.', { id: 'console.audit.sysinfo-declined' });
    case 'reboot-token-issued':
      return msg("Ready for the restart: the customer's widget reconnects by itself afterwards.", { id: 'console.audit.reboot-token-issued' });
    case 'reboot-token-revoked':
      return msg('Reconnecting after a restart is no longer possible.', { id: 'console.audit.reboot-token-revoked' });
    case 'rejoined-after-restart':
      return msg('Reconnected after restart: the customer is back.', { id: 'console.audit.rejoined-after-restart' });
    case 'session-rated':
      return entry.comment
        ? msg(str`The customer rated the session ${entry.detail ?? ''} out of 5: ${entry.comment}`, { id: 'console.audit.rated-comment' })
        : msg(str`The customer rated the session ${entry.detail ?? ''} out of 5.`, { id: 'console.audit.rated' });
    case 'agent-connected':
      return msg(str`The support agent on the customer's computer is connected: ${entry.detail ?? ''}.`, { id: 'console.audit.agent-connected' });
    case 'agent-disconnected':
      return msg("The support agent on the customer's computer is no longer connected.", { id: 'console.audit.agent-disconnected' });
    case 'session-handed-off':
      return msg(str`${entry.from ?? ''} handed the session to ${entry.to ?? ''}.`, { id: 'console.audit.handed-off' });
  }
}

function screenStartedText(surface: ScreenSurface | undefined): string {
  switch (surface) {
    case 'this-tab':
      return msg('The customer started sharing the tab with this chat.', { id: 'console.audit.screen-started-this-tab' });
    case 'browser':
      return msg('The customer started sharing a browser tab.', { id: 'console.audit.screen-started-browser' });
    case 'window':
      return msg('The customer started sharing a window.', { id: 'console.audit.screen-started-window' });
    case 'monitor':
      return msg('The customer started sharing their whole screen.', { id: 'console.audit.screen-started-monitor' });
    default:
      return msg("The customer's screen is being shared.", { id: 'console.audit.screen-started' });
  }
}

function consentChangeText(entry: AuditEntry, fn: string): string {
  if (entry.cause === 'revoke' && entry.fn === 'desktop-view') {
    const stop = entry.detail as ScreenStopReason | undefined;
    if (stop === 'picker-cancelled' || stop === 'browser-stopped' || stop === 'capture-failed') {
      return `${screenStopText(stop)} ${msg(str`Stopped: ${fn}.`, { id: 'console.consent.screen-stop' })}`;
    }
  }
  switch (entry.cause) {
    case 'allow':
      return msg(str`The customer allowed: ${fn}.`, { id: 'console.consent.allow' });
    case 'deny':
      return msg(str`The customer denied: ${fn}.`, { id: 'console.consent.deny' });
    case 'expire':
      return msg(str`No answer in time, so not allowed: ${fn}.`, { id: 'console.consent.expire' });
    case 'revoke':
      return msg(str`The customer revoked: ${fn}.`, { id: 'console.consent.revoke' });
    case 'revoke-all':
      return entry.to === 'denied'
        ? msg(str`The customer stopped sharing; request withdrawn: ${fn}.`, { id: 'console.consent.revoke-all-pending' })
        : msg(str`The customer stopped sharing: ${fn}.`, { id: 'console.consent.revoke-all' });
    case 'handed-off':
      return entry.to === 'denied'
        ? msg(str`Request withdrawn with the hand-off: ${fn}.`, { id: 'console.consent.handed-off-pending' })
        : msg(str`Ended with the hand-off: ${fn}.`, { id: 'console.consent.handed-off' });
    case 'dependency':
      return msg(str`Stopped because screen viewing stopped: ${fn}.`, { id: 'console.consent.dependency' });
    case 'use':
      return msg(str`Used up: ${fn}.`, { id: 'console.consent.use' });
    case 'end':
      return msg(str`Ended with the session: ${fn}.`, { id: 'console.consent.end' });
    case 'reconfirm-allow':
      return msg(str`The customer confirmed again: ${fn}.`, { id: 'console.consent.reconfirm-allow' });
    case 'reconfirm-deny':
      return msg(str`The customer did not confirm again, so it stopped: ${fn}.`, { id: 'console.consent.reconfirm-deny' });
    case 'reconfirm-expire':
      return msg(str`No confirmation in time, so it stopped: ${fn}.`, { id: 'console.consent.reconfirm-expire' });
    default:
      return msg(str`${fn}: ${entry.from ?? ''} → ${entry.to ?? ''}.`, { id: 'console.consent.other' });
  }
}
