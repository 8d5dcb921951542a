/**
 * Technician-facing wording that more than one console element uses. Everything goes through `msg()` with a stable
 * id prefixed `console.`, looked up at render time (never at import), so a locale switch re-renders in the new
 * language. Text from the network (names, descriptions, chat) is never part of a message template's markup: it is
 * passed in as a plain string and rendered as text.
 */
import { msg, str } from '@lit/localize';
import type { AuditEntry, EndReason, FunctionId, Role, SysinfoKey } from '../protocol/index.js';
import type { TransferReason, TransferStatus } from '../ui/transfers.js';
import { formatCountdown } from './format.js';
import type { FunctionRow } from './session/views.js';
import type { Connection, ConsoleErrorCode, NoticeKind, ScreenStopReason, ScreenSurface, UseEvent } from './session/types.js';

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
export function noticeText(
  kind: NoticeKind,
  fns: readonly FunctionId[] = [],
  by?: Role | 'relay',
  reason?: EndReason,
  screenStop?: ScreenStopReason,
): string {
  const names = fns.map(functionName).join(', ');
  if (kind === 'revoked' && screenStop) return `${screenStopText(screenStop)} ${msg(str`Stopped: ${names}.`, { id: 'console.notice.screen-stopped-fns' })}`;
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
    case 'customer-restarted':
      return msg("Reconnected after restart: the customer's computer restarted and they are back.", {
        id: 'console.notice.customer-restarted',
      });
  }
}

/** Why the customer's browser ended screen viewing (the reason of its revocation). */
export function screenStopText(reason: ScreenStopReason): string {
  switch (reason) {
    case 'picker-cancelled':
      return msg("The customer closed the browser's sharing dialog without choosing anything.", { id: 'console.screen-stop.picker-cancelled' });
    case 'browser-stopped':
      return msg("The customer stopped sharing with the browser's own button.", { id: 'console.screen-stop.browser-stopped' });
    case 'capture-failed':
      return msg("The customer's browser could not share the screen.", { id: 'console.screen-stop.capture-failed' });
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
      return screenStartedText(entry.detail as ScreenSurface | undefined);
    case 'screen-stopped':
      return msg("The customer's screen is no longer shared.", { id: 'console.audit.screen-stopped' });
    case 'file-offered':
      return entry.actor === 'technician'
        ? msg(str`You offered a file: ${entry.detail ?? ''}.`, { id: 'console.audit.file-offered-by-you' })
        : msg(str`The customer offered a file: ${entry.detail ?? ''}.`, { id: 'console.audit.file-offered' });
    case 'file-accepted':
      return entry.actor === 'technician'
        ? msg(str`You accepted the file: ${entry.detail ?? ''}.`, { id: 'console.audit.file-accepted-by-you' })
        : msg(str`The customer accepted the file: ${entry.detail ?? ''}.`, { id: 'console.audit.file-accepted' });
    case 'file-transferred':
      return msg(str`File transferred, SHA-256 checked: ${entry.detail ?? ''}.`, { id: 'console.audit.file-transferred' });
    case 'file-cancelled':
      return entry.actor === 'technician'
        ? msg(str`You stopped a file transfer: ${entry.detail ?? ''}.`, { id: 'console.audit.file-cancelled-by-you' })
        : entry.actor === 'customer'
          ? msg(str`The customer stopped a file transfer: ${entry.detail ?? ''}.`, { id: 'console.audit.file-cancelled' })
          : msg(str`The relay stopped a file transfer: ${entry.detail ?? ''}.`, { id: 'console.audit.file-cancelled-by-relay' });
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

/** What the customer shares, for the caption under the video. */
export function surfaceText(surface: ScreenSurface | undefined): string {
  switch (surface) {
    case 'this-tab':
      return msg('Sharing: the tab with this chat', { id: 'console.screen.surface.this-tab' });
    case 'browser':
      return msg('Sharing: a browser tab', { id: 'console.screen.surface.browser' });
    case 'window':
      return msg('Sharing: a window', { id: 'console.screen.surface.window' });
    case 'monitor':
      return msg('Sharing: the whole screen', { id: 'console.screen.surface.monitor' });
    default:
      return msg('Sharing: the screen', { id: 'console.screen.surface.unknown' });
  }
}

/** The label of a system-information item (an unknown key, e.g. from a newer widget, as it is). */
export function sysinfoLabel(key: SysinfoKey): string {
  switch (key) {
    case 'userAgent':
      return msg('User agent', { id: 'console.sysinfo.userAgent' });
    case 'browser':
      return msg('Browser', { id: 'console.sysinfo.browser' });
    case 'platform':
      return msg('Operating system', { id: 'console.sysinfo.platform' });
    case 'platformVersion':
      return msg('Operating system version', { id: 'console.sysinfo.platformVersion' });
    case 'architecture':
      return msg('Processor architecture', { id: 'console.sysinfo.architecture' });
    case 'deviceModel':
      return msg('Device model', { id: 'console.sysinfo.deviceModel' });
    case 'mobile':
      return msg('Mobile device', { id: 'console.sysinfo.mobile' });
    case 'languages':
      return msg('Languages', { id: 'console.sysinfo.languages' });
    case 'timeZone':
      return msg('Time zone', { id: 'console.sysinfo.timeZone' });
    case 'screen':
      return msg('Screen size', { id: 'console.sysinfo.screen' });
    case 'window':
      return msg('Window size', { id: 'console.sysinfo.window' });
    case 'pixelRatio':
      return msg('Pixel ratio', { id: 'console.sysinfo.pixelRatio' });
    case 'cpuCores':
      return msg('Processor cores', { id: 'console.sysinfo.cpuCores' });
    case 'deviceMemory':
      return msg('Memory (approximate)', { id: 'console.sysinfo.deviceMemory' });
    case 'connection':
      return msg('Network connection', { id: 'console.sysinfo.connection' });
    case 'cookies':
      return msg('Cookies', { id: 'console.sysinfo.cookies' });
    case 'storage':
      return msg('Local storage', { id: 'console.sysinfo.storage' });
    case 'pageUrl':
      return msg('Help page', { id: 'console.sysinfo.pageUrl' });
    default:
      return key;
  }
}

/** A transfer's state in words (the name and size are shown next to it). */
export function transferStatusText(status: TransferStatus, direction: 'in' | 'out', reason?: TransferReason, by?: Role | 'relay', maxBytes?: string): string {
  switch (status) {
    case 'preparing':
      return msg('Preparing (computing the checksum)…', { id: 'console.file.preparing' });
    case 'offered':
      return msg('Offered. Waiting for the customer to accept…', { id: 'console.file.offered' });
    case 'incoming':
      return msg('The customer offers this file. Nothing is received until you accept.', { id: 'console.file.incoming' });
    case 'sending':
      return msg('Sending…', { id: 'console.file.sending' });
    case 'receiving':
      return msg('Receiving…', { id: 'console.file.receiving' });
    case 'verifying':
      return direction === 'out'
        ? msg('Sent. The customer’s browser is checking it…', { id: 'console.file.verifying-out' })
        : msg('Checking the SHA-256…', { id: 'console.file.verifying-in' });
    case 'done':
      return direction === 'out'
        ? msg('Delivered: the customer received it and the SHA-256 matches.', { id: 'console.file.done-out' })
        : msg('Received, SHA-256 checked.', { id: 'console.file.done-in' });
    case 'declined':
      return by === 'technician'
        ? msg('You declined it.', { id: 'console.file.declined-by-you' })
        : msg('The customer declined it.', { id: 'console.file.declined' });
    case 'cancelled':
      return cancelledText(reason, by);
    case 'failed':
      return by === 'relay' && reason === 'failed'
        ? msg('Stopped: a connection was lost on the way.', { id: 'console.file.connection-lost' })
        : failedText(reason, maxBytes);
  }
}

function cancelledText(reason?: TransferReason, by?: Role | 'relay'): string {
  if (reason === 'revoked') return msg('Stopped: the customer took back File transfer.', { id: 'console.file.revoked' });
  if (reason === 'ended') return msg('Stopped: the session ended.', { id: 'console.file.ended' });
  if (reason === 'timeout') return msg('Stopped: it took too long.', { id: 'console.file.timeout' });
  if (by === 'technician') return msg('You cancelled it.', { id: 'console.file.cancelled-by-you' });
  if (by === 'customer') return msg('The customer cancelled it.', { id: 'console.file.cancelled' });
  return msg('Cancelled.', { id: 'console.file.cancelled-other' });
}

function failedText(reason?: TransferReason, maxBytes?: string): string {
  switch (reason) {
    case 'too-large':
      return maxBytes
        ? msg(str`This file is larger than ${maxBytes}, the most the relay takes. Nothing was sent.`, { id: 'console.file.too-large' })
        : msg('This file is larger than the relay takes. Nothing was sent.', { id: 'console.file.too-large-unknown' });
    case 'hash-mismatch':
      return msg('Failed: the SHA-256 did not match, so the file was thrown away.', { id: 'console.file.hash-mismatch' });
    case 'not-granted':
      return msg('Refused by the relay: the customer has not granted File transfer.', { id: 'console.file.not-granted' });
    case 'unreachable':
      return msg('Failed: the connection to the relay was lost.', { id: 'console.file.unreachable' });
    default:
      return msg('Failed.', { id: 'console.file.failed' });
  }
}
