/**
 * Technician-facing wording that more than one console element uses. Everything goes through `msg()` with a stable
 * id prefixed `console.`, looked up at render time (never at import), so a locale switch re-renders in the new
 * language. Text from the network (names, descriptions, chat) is never part of a message template's markup: it is
 * passed in as a plain string and rendered as text.
 */
import { msg, str } from '@lit/localize';
import type { AuditEntry, EndReason, FunctionId, Role } from '../protocol/index.js';
import { formatCountdown } from './format.js';
import type { FunctionRow } from './session/views.js';
import type { Connection, ConsoleErrorCode, NoticeKind, UseEvent } from './session/types.js';

/** What a function is, as a short noun phrase (an unknown id, e.g. from a newer relay, as it is). */
export function functionName(fn: string): string {
  switch (fn) {
    case 'desktop-view':
      return msg('Screen viewing', { id: 'console.fn.desktop-view' });
    case 'remote-control':
      return msg('Remote control', { id: 'console.fn.remote-control' });
    case 'file-transfer':
      return msg('File transfer', { id: 'console.fn.file-transfer' });
    case 'system-info':
      return msg('System information', { id: 'console.fn.system-info' });
    case 'reboot':
      return msg('Restart and reconnect', { id: 'console.fn.reboot' });
    default:
      return fn;
  }
}

/** The technician's connection, for the `role="status"` line. */
export function connectionText(connection: Connection): string {
  switch (connection) {
    case 'signed-out':
      return msg('Signed out', { id: 'console.connection.signed-out' });
    case 'connecting':
      return msg('Connecting to the relay…', { id: 'console.connection.connecting' });
    case 'connected':
      return msg('Connected to the relay', { id: 'console.connection.connected' });
    case 'reconnecting':
      return msg('Connection lost. Reconnecting… Messages you write are sent when it is back.', {
        id: 'console.connection.reconnecting',
      });
  }
}

/** A grant's live state as the relay reports it, with the countdown of a prompt on show. */
export function functionStatus(row: FunctionRow): string {
  switch (row.status) {
    case 'none':
      return msg('Not requested', { id: 'console.status.none' });
    case 'pending':
      if (row.queued) return msg("Waiting for the customer's previous answer", { id: 'console.status.pending-queued' });
      return row.remainingMs !== undefined
        ? msg(str`Waiting for the customer's answer (${formatCountdown(row.remainingMs)} left)`, { id: 'console.status.pending' })
        : msg("Waiting for the customer's answer", { id: 'console.status.pending-untimed' });
    case 'granted':
      if (row.prompt?.kind === 'reconfirm') {
        return row.queued
          ? msg('Granted; the customer will be asked to confirm it again', { id: 'console.status.reconfirm-queued' })
          : msg(str`Granted; the customer is asked to confirm it again (${formatCountdown(row.remainingMs ?? 0)} left)`, {
              id: 'console.status.reconfirm',
            });
      }
      return msg('Granted', { id: 'console.status.granted' });
    case 'denied':
      return msg('Denied', { id: 'console.status.denied' });
    case 'expired':
      return msg('Expired: the customer did not answer', { id: 'console.status.expired' });
    case 'revoked':
      return msg('Revoked', { id: 'console.status.revoked' });
    case 'used':
      return msg('Used', { id: 'console.status.used' });
  }
}

/** A gated action's button label. */
export function useLabel(event: UseEvent): string {
  switch (event) {
    case 'sysinfo:request':
      return msg('Request system information', { id: 'console.use.sysinfo' });
    case 'reboot:request':
      return msg("Restart the customer's computer", { id: 'console.use.reboot' });
  }
}

/** A refusal or failure, for the technician. */
export function errorText(code: ConsoleErrorCode, fn?: string): string {
  const name = fn ? functionName(fn) : '';
  switch (code) {
    case 'unauthorized':
      return msg('The relay did not accept this token. Check that it is complete and has not expired, or ask for a new one.', {
        id: 'console.error.unauthorized',
      });
    case 'forbidden-origin':
      return msg('The relay does not accept connections from this page (origin not allowed).', {
        id: 'console.error.forbidden-origin',
      });
    case 'unreachable':
      return msg('The relay cannot be reached. Trying again…', { id: 'console.error.unreachable' });
    case 'timeout':
      return msg('The relay did not answer in time. Try again.', { id: 'console.error.timeout' });
    case 'unavailable':
      return msg('The relay is restarting. Trying again…', { id: 'console.error.unavailable' });
    case 'not-granted':
      return name
        ? msg(str`Refused by the relay: the customer has not granted ${name}.`, { id: 'console.error.not-granted' })
        : msg('Refused by the relay: the customer has not granted this.', { id: 'console.error.not-granted-any' });
    case 'already-granted':
      return msg('Already granted.', { id: 'console.error.already-granted' });
    case 'already-pending':
      return msg('A request for this is already waiting for the customer.', { id: 'console.error.already-pending' });
    case 'requires-function':
      return msg(str`${name} must be granted first.`, { id: 'console.error.requires-function' });
    case 'function-unavailable':
      return msg('This function is not offered in this session.', { id: 'console.error.function-unavailable' });
    case 'session-ended':
      return msg('The session has ended.', { id: 'console.error.session-ended' });
    case 'not-in-session':
      return msg('This console no longer holds the session (it was opened in another window).', {
        id: 'console.error.not-in-session',
      });
    case 'not-found':
      return msg('Not found: the session is gone, or another technician took this customer.', { id: 'console.error.not-found' });
    case 'invalid-state':
      return msg('Not possible at this point of the session.', { id: 'console.error.invalid-state' });
    case 'capacity':
      return msg('The relay is at its session limit. Try again in a moment.', { id: 'console.error.capacity' });
    case 'rate-limited':
      return msg('Too many requests. Wait a moment and try again.', { id: 'console.error.rate-limited' });
    case 'too-large':
      return msg('The message is too long.', { id: 'console.error.too-large' });
    default:
      return msg('Something went wrong. Try again.', { id: 'console.error.other' });
  }
}

/** Why a session ended. `by`/`reason` are unknown when it ended while the console was away. */
export function endText(by?: Role | 'relay', reason?: EndReason): string {
  switch (reason) {
    case 'customer-ended':
      return msg('The customer ended the session.', { id: 'console.end.customer' });
    case 'technician-ended':
      return msg('You ended the session.', { id: 'console.end.technician' });
    case 'customer-timeout':
      return msg("The session ended: the customer's connection was lost for too long.", { id: 'console.end.customer-timeout' });
    case 'technician-timeout':
      return msg('The session ended: your connection was lost for too long.', { id: 'console.end.technician-timeout' });
    case 'code-expired':
      return msg('The session ended: nobody used the code in time.', { id: 'console.end.code-expired' });
    case 'relay-shutdown':
      return msg('The session ended: the relay shut down.', { id: 'console.end.relay-shutdown' });
    default:
      return by === 'customer' ? endText(by, 'customer-ended') : msg('The session has ended.', { id: 'console.end.unknown' });
  }
}

/** A notice banner's text. */
export function noticeText(kind: NoticeKind, fns: readonly FunctionId[] = [], by?: Role | 'relay', reason?: EndReason): string {
  const names = fns.map(functionName).join(', ');
  switch (kind) {
    case 'customer-joined':
      return msg('The customer joined the session.', { id: 'console.notice.customer-joined' });
    case 'customer-dropped':
      return msg("The customer's connection dropped. Waiting for them to come back…", { id: 'console.notice.customer-dropped' });
    case 'customer-resumed':
      return msg('The customer is back.', { id: 'console.notice.customer-resumed' });
    case 'customer-ended':
      return msg('The customer disconnected and ended the session.', { id: 'console.notice.customer-ended' });
    case 'stopped-sharing':
      return msg(str`The customer stopped sharing. Revoked: ${names}.`, { id: 'console.notice.stopped-sharing' });
    case 'revoked':
      return msg(str`The customer revoked: ${names}.`, { id: 'console.notice.revoked' });
    case 'reconfirm-expired':
      return msg(str`The customer did not confirm again, so this stopped: ${names}.`, { id: 'console.notice.reconfirm-expired' });
    case 'session-ended':
      return endText(by, reason);
    case 'relay-shutdown':
      return msg('The relay is shutting down.', { id: 'console.notice.relay-shutdown' });
  }
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

/** One audit entry in words (the audit log, and the chat's system lines). */
export function auditText(entry: AuditEntry): string {
  const fn = entry.fn ? functionName(entry.fn) : '';
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
      return msg(str`Refused by the relay: ${fn} (${entry.detail ?? ''}).`, { id: 'console.audit.refused' });
    case 'session-ended':
      return endText(entry.actor, entry.detail as EndReason | undefined);
    case 'screen-started':
      return msg("The customer's screen is being shared.", { id: 'console.audit.screen-started' });
    case 'screen-stopped':
      return msg("The customer's screen is no longer shared.", { id: 'console.audit.screen-stopped' });
    case 'file-offered':
      return msg(str`File offered: ${entry.detail ?? ''}.`, { id: 'console.audit.file-offered' });
    case 'file-accepted':
      return msg(str`File accepted: ${entry.detail ?? ''}.`, { id: 'console.audit.file-accepted' });
    case 'file-transferred':
      return msg(str`File transferred and checked: ${entry.detail ?? ''}.`, { id: 'console.audit.file-transferred' });
    case 'file-cancelled':
      return msg(str`File transfer stopped: ${entry.detail ?? ''}.`, { id: 'console.audit.file-cancelled' });
    case 'sysinfo-sent':
      return msg('The customer sent their system information.', { id: 'console.audit.sysinfo-sent' });
    case 'sysinfo-declined':
      return msg('The customer chose not to send their system information.', { id: 'console.audit.sysinfo-declined' });
    case 'reboot-token-issued':
      return msg("The customer's widget is ready to reconnect after the restart.", { id: 'console.audit.reboot-token-issued' });
    case 'reboot-token-revoked':
      return msg('Reconnecting after a restart is no longer possible.', { id: 'console.audit.reboot-token-revoked' });
    case 'rejoined-after-restart':
      return msg('The customer reconnected after the restart.', { id: 'console.audit.rejoined-after-restart' });
  }
}

function consentChangeText(entry: AuditEntry, fn: string): string {
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

/** "the customer", or the name they gave in the queue. */
export function customerName(name?: string): string {
  return name || msg('The customer', { id: 'console.customer' });
}
