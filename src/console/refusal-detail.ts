/**
 * The audit log's refused uses in the technician's language. The relay writes what it refused into the entry's
 * `detail` as `event: error` (an error code, or `taken back meanwhile` when the grant ended while the event was on its
 * way), and a streak of the same refusals as `event: error, N more time(s) (from – to)`; the console says why in a
 * sentence, and how often it happened again, instead of the event's name and the code.
 */
import { msg, str } from '@lit/localize';
import { formatNumber } from './format.js';
import type { ConsoleErrorCode } from './session/types.js';
import { errorText, functionName } from './strings.js';

/** A refusal as an audit entry's `detail` names it. */
export interface Refusal {
  /** The relay's event, e.g. `file:offer`. */
  event: string;
  /** The error code; `not-granted` also for a grant taken back while the event was on its way. */
  code: string;
  /** How many more times the same was refused right after (a collapsed streak), 0 for one. */
  more: number;
}

const DETAIL = /^([\w:-]+): ([\w -]+?)(?:, (\d+) more times? \([^)]*\))?$/;

export function parseRefusal(detail: string | undefined): Refusal | undefined {
  const match = DETAIL.exec(detail ?? '');
  if (!match) return undefined;
  const [, event, error, more] = match as unknown as [string, string, string, string | undefined];
  return { event, code: error === 'taken back meanwhile' ? 'not-granted' : error, more: more ? Number(more) : 0 };
}

/** Why the relay refused a use of `fn`, and how often again; undefined for a detail of another form. */
export function refusalText(detail: string | undefined, fn: string | undefined, locale?: string): string | undefined {
  const refusal = parseRefusal(detail);
  if (!refusal) return undefined;
  // A request refused for the cooldown after the customer's no (the socket's own event budget never writes a line).
  const why =
    refusal.event === 'consent:request' && refusal.code === 'rate-limited'
      ? msg(str`Refused by the relay: you asked for ${fn ? functionName(fn) : ''} again too soon after the customer said no. The customer was not asked.`, {
          id: 'console.audit.request-cooldown',
        })
      : errorText(refusal.code as ConsoleErrorCode, fn);
  if (refusal.more === 0) return why;
  const again =
    refusal.more === 1
      ? msg('Refused once more right after.', { id: 'console.audit.refused-once-more' })
      : msg(str`Refused ${formatNumber(refusal.more, locale)} more times right after.`, { id: 'console.audit.refused-more' });
  return `${why} ${again}`;
}
