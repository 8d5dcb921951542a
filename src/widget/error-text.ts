/**
 * The relay's errors in words for the customer: a part of the box of its own (screens/lazy.ts), loaded when an error
 * is to be shown, since the English path open → code → connected → prompt → grants bar shows none. The error line
 * (screens/entry-parts.ts) stays empty the moment it loads; where it cannot be loaded (the network is the likely cause
 * then) it says that the support service cannot be reached, a text the box keeps (strings.ts).
 */
import { msg, str } from '@lit/localize';
import { formatCountdown } from './format.js';
import { formatHours } from './hours.js';
import type { WidgetError } from './session/types.js';
import { unreachableText } from './strings.js';

/** A relay error, for the customer. `now` drives the rate-limit countdown. */
export function errorText(error: WidgetError, now: number): string {
  switch (error.code) {
    case 'invalid-code':
      return msg('This code is not valid. Check the 6 digits with your technician.', { id: 'error.invalid-code' });
    case 'code-expired':
      return msg('This code has expired. Ask your technician for a new one.', { id: 'error.code-expired' });
    case 'code-used':
      return msg('This code has already been used. Ask your technician for a new one.', { id: 'error.code-used' });
    case 'rate-limited': {
      const left = error.at + (error.retryAfter ?? 0) - now;
      return left > 0
        ? msg(str`Too many attempts. You can try again in ${formatCountdown(left)}.`, { id: 'error.rate-limited' })
        : msg('Too many attempts. You can try again now.', { id: 'error.rate-limited-over' });
    }
    case 'unreachable':
      return unreachableText();
    case 'outside-hours': {
      const h = error.hours && formatHours(error.hours);
      return h
        ? msg(str`Remote support is closed now. Opening hours: ${h.days}, ${h.times} (${h.zone}).`, { id: 'error.outside-hours' })
        : msg('Remote support is closed now. Please try again during opening hours.', { id: 'error.outside-hours-unknown' });
    }
    case 'no-technician':
      return msg('No technician is available right now. Please try again in a few minutes.', { id: 'error.no-technician' });
    case 'capacity':
    case 'unavailable':
      return msg('The support service is busy right now. Please try again in a few minutes.', { id: 'error.capacity' });
    case 'session-ended':
      return msg('This session has already ended. Ask your technician for a new code.', { id: 'error.session-ended' });
    case 'resume-expired':
      return msg('The previous session could not be resumed. Ask your technician for a new code.', {
        id: 'error.resume-expired',
      });
    case 'forbidden-origin':
      return msg('Remote support is not available on this page.', { id: 'error.forbidden-origin' });
    default:
      return msg('Something went wrong. Please try again.', { id: 'error.other' });
  }
}
