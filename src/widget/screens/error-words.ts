/** The error line's part (error-line.ts): the relay's errors in words and the leave-a-message offer under them. */
export { errorText } from '../error-text.js';
export { leaveOffer } from './leave-offer.js';
