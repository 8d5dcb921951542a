/**
 * The background notifications' part, a chunk of its own (lazy-attention.ts loads it when the customer looks
 * elsewhere or turns desktop notifications on): the controller with the title marker and the desktop notifications.
 */
export { AttentionController } from './attention-controller.js';
