/**
 * The support queue's screens, a part of their own (screens/lazy.ts), off the English path: asking for help without a
 * code, and waiting for a technician.
 */
export { askScreen } from './ask-for-help.js';
export { waitingScreen } from './waiting.js';
