/**
 * The words of the desk (the list of the technician's sessions), the messages customers left, and the hand-off.
 * Through `msg()` with `console.` ids; names and texts from the network are passed in as plain strings.
 */
import { msg, str } from '@lit/localize';
import type { ConsoleErrorCode } from './session/types.js';
import type { DeskEntry } from './session/desk-list.js';
import { groupDigits } from './format.js';

/** Left-to-right isolate: the code's digit groups keep their order in a right-to-left sentence. */
const LRI = '\u2066';
const PDI = '\u2069';

/** What an entry of the list is called: the customer, the code, or a console without a session. */
export function deskLabel(e: DeskEntry): string {
  if (e.customer) return e.customer;
  if (e.code) {
    // Isolated: "123 456" in Arabic would otherwise show as "456 123" (two numbers in a right-to-left run), unlike the session panel.
    const code = `${LRI}${groupDigits(e.code)}${PDI}`;
    return msg(str`Code ${code}`, { id: 'console.desk.code' });
  }
  if (e.state) return msg('Customer', { id: 'console.desk.customer' });
  return msg('No session', { id: 'console.desk.no-session' });
}

/** Where the session of an entry stands. */
export function deskStateText(e: DeskEntry): string {
  switch (e.state) {
    case 'open':
      return msg('Waiting for the customer to join', { id: 'console.desk.state-open' });
    case 'queued':
      return msg('In the queue', { id: 'console.desk.state-queued' });
    case 'active':
      return e.customerPresent
        ? msg('In session', { id: 'console.desk.state-active' })
        : msg('In session, customer away', { id: 'console.desk.state-away' });
    case 'ended':
      return msg('Ended', { id: 'console.desk.state-ended' });
    default:
      return msg('Create a session or pick a customer', { id: 'console.desk.state-none' });
  }
}

export function unreadText(count: string): string {
  return msg(str`Unread: ${count}`, { id: 'console.desk.unread' });
}

export function grantsText(names: string): string {
  return msg(str`Granted: ${names}`, { id: 'console.desk.grants' });
}

export function handedByText(name: string): string {
  return msg(str`Handed over by ${name}`, { id: 'console.desk.handed-by' });
}

/** Why a hand-off was refused. */
export function handoffErrorText(code: ConsoleErrorCode): string | undefined {
  switch (code) {
    case 'other-organisation':
      return msg('That technician belongs to another organisation.', { id: 'console.handoff.other-organisation' });
    case 'not-found':
      return msg('That technician is no longer online.', { id: 'console.handoff.not-found' });
    default:
      return undefined;
  }
}
