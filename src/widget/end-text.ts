/**
 * Who ended the session, and why, in words: for the end screen and the transcript, which are chunks of their own
 * (screens/lazy.ts), so that the chat's strings (strings.ts) do not carry it.
 */
import { msg } from '@lit/localize';
import type { EndReason, Role } from '../protocol/index.js';

/** Who ended the session, and why. */
export function endText(by: Role | 'relay', reason: EndReason): string {
  switch (reason) {
    case 'customer-ended':
      return msg('You ended the session.', { id: 'end.customer' });
    case 'technician-ended':
      return msg('The technician ended the session.', { id: 'end.technician' });
    case 'customer-timeout':
      return msg('The session ended because your connection was lost for too long.', { id: 'end.customer-timeout' });
    case 'technician-timeout':
      return msg("The session ended because the technician's connection was lost.", { id: 'end.technician-timeout' });
    case 'code-expired':
      return msg('The session ended because the code expired.', { id: 'end.code-expired' });
    default:
      // relay-shutdown, or a reason this version does not know.
      return reason === 'relay-shutdown' && by === 'relay'
        ? msg('The session ended because the support service restarted.', { id: 'end.relay-shutdown' })
        : msg('The session ended.', { id: 'end.other' });
  }
}
