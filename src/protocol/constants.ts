/**
 * Protocol constants that the browser side needs without the schemas (importing schemas.ts would bundle valibot into
 * the widget). schemas.ts builds on them; the relay enforces them.
 */

/** File data per `file:chunk` that widget and console send: 64 KiB (base64: 87,384 characters). */
export const FILE_CHUNK_BYTES = 64 * 1024;

/**
 * Chunks of one transfer a sender may have sent and not yet had acknowledged; the relay refuses one more with
 * `rate-limited` (the acknowledgement of `file:chunk` comes only after the receiver acknowledged it).
 */
export const FILE_CHUNKS_IN_FLIGHT = 4;

/**
 * Everything the widget may report as system information, in display order. The schema refuses any other key, so
 * "nothing else is collected" is enforced by the relay, not only promised by the widget.
 */
export const SYSINFO_KEYS = [
  'userAgent',
  'browser',
  'platform',
  'platformVersion',
  'architecture',
  'deviceModel',
  'mobile',
  'languages',
  'timeZone',
  'screen',
  'window',
  'pixelRatio',
  'cpuCores',
  'deviceMemory',
  'connection',
  'cookies',
  'storage',
  'pageUrl',
] as const;

export type SysinfoKey = (typeof SYSINFO_KEYS)[number];

/** Limits of what a customer tells the vendor besides the chat (feedback.ts checks them). */
export const FEEDBACK_LIMITS = {
  /** Characters of a rating's comment. */
  ratingComment: 1000,
  /** Characters of a left message. */
  leftMessage: 2000,
  /** Characters of the name given with a left message. */
  name: 80,
  /** Characters of an e-mail address (RFC 5321's path limit). */
  email: 254,
} as const;

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;
export type RatingScore = (typeof RATING_SCORES)[number];
