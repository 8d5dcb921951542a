/**
 * Technician tokens. The relay's own: HS256 JWTs signed with `tokenSecret`, whose claims carry the technician's id
 * (`sub`), name and organisation. And, with `identityProvider`, the vendor's: RS256/ES256 JWTs checked against the
 * provider's JWKS (fetched again when a token names a key it does not hold, so key rotation needs no restart), with
 * the claims mapped to id, name and organisation. Either kind may be revoked by its `jti` or its `sub` (revocation.ts).
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { TechnicianIdentity } from '../protocol/index.js';
import type { IdentityProvider } from './options.js';
import { generateId } from './codes.js';

const ISSUER = 'remote-support-relay';
const AUDIENCE = 'technician';
const MAX_TOKEN_LENGTH = 8192;

export interface Technician extends TechnicianIdentity {
  /** Stable id of the technician (the token's `sub`, or the identity provider's id claim). */
  id: string;
}

/** A verified token: the technician, and what revocation matches (`jti`, `sub`). */
export interface VerifiedToken {
  technician: Technician;
  jti?: string;
  sub?: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** Issues a technician token. `expiresIn` is a jose time span such as `8h` or `30d`. It carries a unique `jti`. */
export async function issueTechnicianToken(secret: string, technician: Technician, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ name: technician.name, org: technician.org })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(technician.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(generateId())
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

/** The technician of verified claims, or undefined when id, name or organisation is missing or too long. */
function technicianOf(payload: JWTPayload, claims: { id: string; name: string; org: string }): Technician | undefined {
  const [id, name, org] = [payload[claims.id], payload[claims.name], payload[claims.org]];
  if (typeof id !== 'string' || typeof name !== 'string' || typeof org !== 'string') return undefined;
  if (!id || id.length > 256 || !name.trim() || !org.trim() || name.length > 80 || org.length > 80) return undefined;
  return { id, name: name.trim(), org: org.trim() };
}

function verified(payload: JWTPayload, technician: Technician | undefined): VerifiedToken | undefined {
  if (!technician) return undefined;
  return { technician, ...(typeof payload.jti === 'string' ? { jti: payload.jti } : {}), ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}) };
}

async function verifyOwn(secret: string, token: string): Promise<VerifiedToken | undefined> {
  const { payload } = await jwtVerify(token, key(secret), {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['HS256'],
    // A token without an expiry would be valid forever: refused.
    requiredClaims: ['exp'],
  });
  return verified(payload, technicianOf(payload, { id: 'sub', name: 'name', org: 'org' }));
}

/** Verifies a relay-issued (HS256) technician token; resolves to the technician or `undefined` when it is not valid. */
export async function verifyTechnicianToken(secret: string, token: unknown): Promise<Technician | undefined> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  return verifyOwn(secret, token).then(
    (result) => result?.technician,
    () => undefined,
  );
}

/** Why a token was refused, for the relay's log: never the token, nor a claim's value. */
export interface TokenRefusal {
  refused: string;
}

/** Checks technician tokens of both kinds: the verified token, or why it was refused. */
export type TokenVerifier = (token: unknown) => Promise<VerifiedToken | TokenRefusal>;

/** The reason of a failed verification, as an operator can act on it (a claim the provider sets otherwise, its JWKS down). */
function refusalOf(err: unknown): TokenRefusal {
  if (err instanceof errors.JWTClaimValidationFailed) return { refused: `${err.claim} claim ${err.reason === 'missing' ? 'missing' : 'not as configured'} (${err.message})` };
  if (err instanceof errors.JOSEError) return { refused: `${err.code}: ${err.message}` };
  // jose fetches the JWKS with fetch(): its failures are not JOSE errors.
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return { refused: `identity provider's JWKS not reachable: ${(err as Error).message}${detail ? ` (${detail})` : ''}` };
}

const MISSING_CLAIMS: TokenRefusal = { refused: 'id, name or organisation claim missing, empty or too long' };

export function createTokenVerifier(secret: string, provider?: IdentityProvider): TokenVerifier {
  const jwks = provider ? createRemoteJWKSet(new URL(provider.jwksUrl), { cooldownDuration: provider.cooldownMs ?? 30_000, timeoutDuration: 5000 }) : undefined;
  const claims = { id: provider?.claims?.id ?? 'sub', name: provider?.claims?.name ?? 'name', org: provider?.claims?.org ?? 'org' };
  return async (token) => {
    if (typeof token !== 'string' || token.length === 0) return { refused: 'no token' };
    if (token.length > MAX_TOKEN_LENGTH) return { refused: `longer than ${MAX_TOKEN_LENGTH} characters` };
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return { refused: 'not a JWT' };
    }
    try {
      if (alg === 'HS256') return (await verifyOwn(secret, token)) ?? MISSING_CLAIMS;
      if (!provider || !jwks) return { refused: `${String(alg)} token, but no identity provider is configured (--jwks-url)` };
      const { payload } = await jwtVerify(token, jwks, {
        issuer: provider.issuer,
        audience: provider.audience,
        algorithms: provider.algorithms ?? ['RS256', 'ES256'],
        requiredClaims: ['exp'],
        clockTolerance: provider.clockToleranceSeconds ?? 30,
      });
      return verified(payload, technicianOf(payload, claims)) ?? MISSING_CLAIMS;
    } catch (err) {
      return refusalOf(err);
    }
  };
}
