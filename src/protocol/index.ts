export * from './functions.js';
export * from './errors.js';
export * from './consent.js';
export * from './constants.js';
export * from './schemas.js';
export * from './events.js';
export * from './feedback.js';
export * from './audit.js';
