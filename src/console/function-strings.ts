/**
 * The function panels' wording: what the customer shares (screen view), system-information labels, and file
 * transfer states. Through `msg()` with `console.` ids, looked up at render time; file names and sizes are passed in
 * as plain strings.
 */
import { msg, str } from '@lit/localize';
import type { Role, SysinfoKey } from '../protocol/index.js';
import type { TransferReason, TransferStatus } from '../ui/transfers.js';
import type { ScreenSurface } from './session/types.js';

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
    case 'too-many':
      return msg('Not sent: too many transfers are under way or waiting for an answer. Send it again once one has finished.', { id: 'console.file.too-many' });
    default:
      return msg('Failed.', { id: 'console.file.failed' });
  }
}
