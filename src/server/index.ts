export { createRelay, type Relay, type CreateRelayOptions } from './relay.js';
export { DEFAULTS, LOOPBACK_ORIGINS, REDIS_DEFAULTS, ConfigError, type RelayOptions, type RedisSettings, type ResolvedOptions } from './options.js';
export { issueTechnicianToken, verifyTechnicianToken, type Technician } from './auth.js';
export { MemoryStore } from './memory-store.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
export { StoreUnavailableError, type RelayStore, type SharedStore, type SessionRecord, type ClaimResult, type MessageDraft } from './store.js';
export { parseHours, isOpen } from './hours.js';
export { verifyWebhookSignature, signWebhook, type VerifyInput, type WebhookEvent } from './webhook.js';
export type { RelayEvents, RelayEventMap, ConsentChangedEvent, SessionEndedEvent } from './relay-events.js';
