/** Session codes and secrets from the platform's cryptographic random source. */
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** A code of `length` decimal digits, uniformly distributed (leading zeros allowed). */
export function generateCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += String(randomInt(10));
  return code;
}

/** An opaque URL-safe secret (resume tokens, ids). */
export function generateSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function generateId(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * The secret that follows `secret` under `salt` (HMAC-SHA-256, URL-safe): whoever holds `secret` and the relay, which
 * keeps `salt`, can make it again, and nobody else. A resume answers its retry with the same new token this way,
 * without the store keeping that token (presence.ts).
 */
export function deriveSecret(secret: string, salt: string): string {
  return createHmac('sha256', salt).update(secret).digest('base64url');
}

/** Stores keep only hashes of bearer secrets. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/**
 * A pseudonym for a client address that a store may keep (the key the queue limit counts an address under): a keyed
 * hash (HMAC-SHA-256, 128 bits, base64url) under a key derived from `secret`. Every relay process with the same secret
 * derives the same pseudonym, so the limit is shared and any process can give a point back; without the secret the
 * address cannot be recovered from it (a plain hash of an IPv4 address could be, by trying all 2³² of them).
 */
export function addressPseudonyms(secret: string): (address: string) => string {
  const key = createHmac('sha256', secret).update('rsw address pseudonym').digest();
  return (address) => createHmac('sha256', key).update(address).digest().subarray(0, 16).toString('base64url');
}

/**
 * Ids that are unique but need not be secret (chat message ids): a random per-generator prefix and a counter,
 * so that several relay processes never collide and no random bytes are drawn per message.
 */
export function sequentialIds(): () => string {
  const prefix = randomBytes(6).toString('base64url');
  let n = 0;
  return () => `${prefix}.${(++n).toString(36)}`;
}

/** A connection id that names the relay process holding the connection: `<node>.<random>`. */
export function connectionId(node: string): string {
  return `${node}.${generateId()}`;
}

/** The relay process of a connection id made by `connectionId`. */
export function nodeOf(conn: string): string {
  return conn.slice(0, Math.max(0, conn.indexOf('.')));
}
