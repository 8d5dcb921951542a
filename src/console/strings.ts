/**
 * Technician-facing wording that more than one console element uses: function names, the connection, grant states,
 * errors, endings and notices (the audit log's wording is in `audit-strings.ts`, the function panels' in
 * `function-strings.ts`). Everything goes through `msg()` with a stable id prefixed `console.`, looked up at render
 * time (never at import), so a locale switch re-renders in the new language. Text from the network (names,
 * descriptions, chat) is never part of a message template's markup: it is passed in as a plain string and rendered
 * as text.
 */
import { msg, str } from '@lit/localize';
import type { EndReason, FunctionId, Role } from '../protocol/index.js';
import { formatClock, formatCountdown, formatWait } from './format.js';
import type { FunctionRow } from './session/views.js';
import type { Connection, ConsoleErrorCode, NoticeKind, ScreenStopReason, UseEvent } from './session/types.js';

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

/**
 * A refusal or failure, for the technician. `waitMs`: how long the relay still asks to wait before trying again
 * (`rate-limited` with its `retryAfter`, counted down; at most an hour for new sessions), when known.
 */
export function errorText(code: ConsoleErrorCode, fn?: string, waitMs?: number): string {
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
      // A wait of a minute or more in words; a shorter one (or the last minute of a long one) is a moment. The text
      // changes at most once a minute, as it is an alert.
      if (waitMs !== undefined && waitMs >= 60_000) {
        return msg(str`Too many requests. Try again ${formatWait(waitMs)}.`, { id: 'console.error.rate-limited-wait' });
      }
      if (waitMs !== undefined && waitMs <= 0) return msg('Too many requests. You can try again now.', { id: 'console.error.rate-limited-over' });
      return msg('Too many requests. Wait a moment and try again.', { id: 'console.error.rate-limited' });
    case 'too-large':
      return msg('The message is too long.', { id: 'console.error.too-large' });
    default:
      return msg('Something went wrong. Try again.', { id: 'console.error.other' });
  }
}

/**
 * A request refused as too soon after the customer said no to the function (the relay's consent cooldown): when it
 * may be asked again, as a time of day (it does not change while it is on show), then that it may be asked now.
 */
export function cooldownText(fn: string, cooldown: { until: number; leftMs: number }, locale?: string): string {
  const name = functionName(fn);
  if (cooldown.leftMs <= 0) return msg(str`You can ask for ${name} again now.`, { id: 'console.error.cooldown-over' });
  return msg(str`The customer recently said no to ${name}. You can ask again at ${formatClock(cooldown.until, locale)}.`, {
    id: 'console.error.cooldown',
  });
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
  name = '',
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
    case 'handed-off':
      return msg(str`You handed the session to ${name}. The customer was told; their permissions ended with the hand-off.`, {
        id: 'console.notice.handed-off',
      });
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

/**
 * A name from the network (what a customer typed in the queue form) inside the console's own text: isolated (FSI …
 * PDI), so that direction-changing characters in it (an override without its end) reorder nothing around it.
 */
export function isolatedName(name: string): string {
  return `\u2068${name}\u2069`;
}

/** "the customer", or the name they gave in the queue (isolated). */
export function customerName(name?: string): string {
  return name ? isolatedName(name) : msg('The customer', { id: 'console.customer' });
}
