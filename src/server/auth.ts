/** Technician tokens: HS256 JWTs whose claims carry the technician's id, name and organisation. */
import { SignJWT, jwtVerify } from 'jose';
import type { TechnicianIdentity } from '../protocol/index.js';

const ISSUER = 'remote-support-relay';
const AUDIENCE = 'technician';

export interface Technician extends TechnicianIdentity {
  /** Stable id of the technician (the token's `sub`). */
  id: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** Issues a technician token. `expiresIn` is a jose time span such as `8h` or `30d`. */
export async function issueTechnicianToken(secret: string, technician: Technician, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ name: technician.name, org: technician.org })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(technician.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

/** Verifies a technician token; resolves to the technician or `undefined` when it is not valid. */
export async function verifyTechnicianToken(secret: string, token: unknown): Promise<Technician | undefined> {
  if (typeof token !== 'string' || token.length > 4096) return undefined;
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      // A token without an expiry would be valid forever: refused.
      requiredClaims: ['exp'],
    });
    const { sub, name, org } = payload;
    if (typeof sub !== 'string' || typeof name !== 'string' || typeof org !== 'string') return undefined;
    if (!sub || !name.trim() || !org.trim() || name.length > 80 || org.length > 80) return undefined;
    return { id: sub, name: name.trim(), org: org.trim() };
  } catch {
    return undefined;
  }
}
