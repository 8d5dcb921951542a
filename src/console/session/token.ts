/**
 * Reads the claims of a technician token (a JWT) for display: who is signing in, and until when. Nothing here checks
 * the signature; the relay does that on every connection, and its verdict is the one that counts.
 */
import type { TechnicianIdentity } from '../../protocol/index.js';

export interface TokenClaims {
  /** The technician's stable id (`sub`). */
  id?: string;
  name?: string;
  org?: string;
  /** Expiry, ms since epoch. */
  expiresAt?: number;
}

/** The claims, or undefined when `token` is not a JWT with a JSON payload. */
export function readTokenClaims(token: string): TokenClaims | undefined {
  const part = token.trim().split('.')[1];
  if (!part || !/^[\w-]+$/.test(part)) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    const p = payload as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const claims: TokenClaims = {};
    const id = text(p.sub);
    const name = text(p.name);
    const org = text(p.org);
    if (id) claims.id = id;
    if (name) claims.name = name;
    if (org) claims.org = org;
    if (typeof p.exp === 'number' && Number.isFinite(p.exp)) claims.expiresAt = p.exp * 1000;
    return claims;
  } catch {
    return undefined;
  }
}

/** The identity a token claims, when it names both a name and an organisation. */
export function tokenIdentity(token: string): TechnicianIdentity | undefined {
  const claims = readTokenClaims(token);
  return claims?.name && claims.org ? { name: claims.name, org: claims.org } : undefined;
}
