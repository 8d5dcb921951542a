export { createRelay, type Relay, type CreateRelayOptions } from './relay.js';
export { DEFAULTS, LOOPBACK_ORIGINS, ConfigError, type RelayOptions, type ResolvedOptions } from './options.js';
export { issueTechnicianToken, verifyTechnicianToken, type Technician } from './auth.js';
export { MemoryStore } from './memory-store.js';
export type { RelayStore, SessionRecord, ClaimResult, MessageDraft } from './store.js';
export { parseHours, isOpen } from './hours.js';
export { verifyWebhookSignature, signWebhook, type VerifyInput, type WebhookEvent } from './webhook.js';
export type { RelayEvents, RelayEventMap, ConsentChangedEvent, SessionEndedEvent } from './relay-events.js';
