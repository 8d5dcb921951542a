/**
 * The background notifications' part, a chunk of its own (lazy-attention.ts loads it): the controller and the chat's
 * notification toggle.
 */
export { AttentionController } from './attention-controller.js';
export { notifyToggle } from './screens/notify-toggle.js';
