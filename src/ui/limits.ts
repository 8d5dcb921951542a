/** Limits the relay enforces (mirrors `LIMITS` in src/protocol/schemas.ts without importing valibot into the bundle). */
export const LIMITS_MESSAGE_LENGTH = 10_000;
export const LIMITS_NAME = 80;
export const LIMITS_DESCRIPTION = 500;
