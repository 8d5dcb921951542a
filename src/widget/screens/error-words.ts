/**
 * The error line's part (error-line.ts): the relay's errors in words, the leave-a-message offer under them and the
 * screen it opens.
 */
export { errorText } from '../error-text.js';
export { leaveOffer, leaveScreen } from './leave-offer.js';
