/**
 * Technician sign-in through the vendor's identity provider: a real JWKS HTTP server on loopback, keys made by the
 * test, RS256 and ES256 tokens checked for issuer, audience, algorithm, expiry and key id; key rotation (the JWKS is
 * fetched again for an unknown key); and the deny list (option and file), on connect and for a live console.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { issueTechnicianToken } from '../../src/server/index.js';
import { connected, next, ok, startRelay, technician } from './support.js';

const ISSUER = 'https://login.example.test/tenant-1/';
const AUDIENCE = 'api://remote-support';
const SECRET = 'identity-provider-test-secret-'.padEnd(40, 'x');

interface Key {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function makeKey(kid: string, alg: 'RS256' | 'ES256'): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A JWKS endpoint on loopback serving `keys` (which the test may change); counts the fetches. */
async function jwksServer(keys: Key[]) {
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, keys, fetches: () => fetches };
}

interface Claims {
  iss?: string;
  aud?: string;
  exp?: number;
  [claim: string]: unknown;
}

function sign(key: Key, claims: Claims = {}, header: { kid?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const { iss = ISSUER, aud = AUDIENCE, exp = now + 600, ...rest } = claims;
  return new SignJWT({ oid: 'u-7f3a', name: 'Dana Kowalska', tenant: 'Example Ltd', ...rest })
    .setProtectedHeader({ alg: key.alg, kid: header.kid ?? key.kid })
    .setSubject('pairwise-sub-1')
    .setIssuer(iss)
    .setAudience(aud)
    .setJti(`jti-${Math.random().toString(36).slice(2)}`)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(key.privateKey);
}

async function relayWith(jwksUrl: string, extra: Parameters<typeof startRelay>[0] = {}) {
  return startRelay({
    tokenSecret: SECRET,
    identityProvider: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, claims: { id: 'oid', name: 'name', org: 'tenant' }, cooldownMs: 1 },
    ...extra,
  });
}

/** Connects a console with `token`; resolves to the technician it is signed in as, or to the refusal code. */
async function signIn(url: string, token: string): Promise<{ name: string; org: string } | string> {
  const socket = technician(url, token);
  try {
    await connected(socket);
  } catch (err) {
    return ((err as { data?: { code?: string } }).data?.code ?? 'no-code');
  }
  const created = await ok<{ session: { technician: { name: string; org: string } } }>(socket, 'session:create', {});
  socket.disconnect();
  return created.session.technician;
}

describe('tokens of the identity provider', () => {
  it('accepts RS256 and ES256 tokens of the right issuer and audience, with the configured claims, next to HS256 ones', async () => {
    const jwks = await jwksServer([await makeKey('rsa-1', 'RS256'), await makeKey('ec-1', 'ES256')]);
    const t = await relayWith(jwks.url);
    const dana = { name: 'Dana Kowalska', org: 'Example Ltd' };
    expect(await signIn(t.url, await sign(jwks.keys[0]!))).toMatchObject(dana);
    expect(await signIn(t.url, await sign(jwks.keys[1]!))).toMatchObject(dana);
    const own = await issueTechnicianToken(SECRET, { id: 'local-1', name: 'Lee', org: 'Vendor' });
    expect(await signIn(t.url, own)).toMatchObject({ name: 'Lee', org: 'Vendor' });
  });

  it('refuses a wrong issuer, a wrong audience, an expired token, a missing claim, an unknown key and another algorithm with unauthorized', async () => {
    const rsa = await makeKey('rsa-1', 'RS256');
    const jwks = await jwksServer([rsa]);
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const t = await relayWith(jwks.url, { logger, identityProvider: { jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'], claims: { id: 'oid', org: 'tenant' }, cooldownMs: 1 } });
    const stranger = await makeKey('rsa-x', 'RS256');
    const ec = await makeKey('rsa-1', 'ES256'); // same kid, another algorithm (not allowed here)
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      await sign(rsa, { iss: 'https://evil.example.test/' }),
      await sign(rsa, { aud: 'api://something-else' }),
      await sign(rsa, { exp: now - 120 }),
      await sign(rsa, { tenant: undefined }),
      await sign(stranger),
      await sign(ec),
      // An HS256 token signed with the public key's text as secret (the classic algorithm confusion).
      await new SignJWT({ oid: 'u', name: 'n', tenant: 't' }).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('1h').sign(new TextEncoder().encode(JSON.stringify(rsa.jwk).padEnd(40))),
      'not.a.token',
    ];
    for (const token of refused) expect(await signIn(t.url, token)).toBe('unauthorized');
    expect(await signIn(t.url, await sign(rsa))).toMatchObject({ name: 'Dana Kowalska', org: 'Example Ltd' });
    // The log says why, so that the operator can fix the provider's settings; it never holds the token.
    const reasons = lines.map((line) => JSON.parse(line) as { msg: string; reason?: string }).filter((l) => l.msg === 'technician token refused').map((l) => l.reason);
    expect(reasons).toHaveLength(refused.length);
    [/^iss claim not as configured/, /^aud claim not as configured/, /^ERR_JWT_EXPIRED/, /^id, name or organisation claim missing/, /^ERR_JWKS_NO_MATCHING_KEY/, /^ERR_JOSE_ALG_NOT_ALLOWED/, /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED/, /^not a JWT$/].forEach((reason, i) => expect(reasons[i]).toMatch(reason));
    for (const token of refused.slice(0, -1)) expect(lines.join('')).not.toContain(token.split('.')[2]!);
  });

  it('logs that the JWKS is not reachable when the identity provider is down, and refuses with unauthorized', async () => {
    const jwks = await jwksServer([]);
    const lines: string[] = [];
    const t = await relayWith(jwks.url, { logger: pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }) });
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await signIn(t.url, await sign(await makeKey('rsa-1', 'RS256')))).toBe('unauthorized');
    expect(lines.map((line) => JSON.parse(line) as { reason?: string }).find((l) => l.reason)?.reason).toMatch(/^identity provider's JWKS not reachable: fetch failed/);
  });

  it('follows a key rotation: a token with a new key id makes the relay fetch the JWKS again', async () => {
    const first = await makeKey('2026-11', 'RS256');
    const jwks = await jwksServer([first]);
    const t = await relayWith(jwks.url);
    expect(await signIn(t.url, await sign(first))).toMatchObject({ name: 'Dana Kowalska', org: 'Example Ltd' });
    const fetchesBefore = jwks.fetches();
    const second = await makeKey('2026-12', 'ES256');
    jwks.keys.splice(0, 1, second); // the provider rotates: the old key is gone, the new one published
    expect(await signIn(t.url, await sign(second))).toMatchObject({ name: 'Dana Kowalska', org: 'Example Ltd' });
    expect(jwks.fetches()).toBeGreaterThan(fetchesBefore);
    expect(await signIn(t.url, await sign(first))).toBe('unauthorized');
  });
});

describe('revoked tokens', () => {
  it('refuses a token whose jti or sub is on the list, of either kind', async () => {
    const rsa = await makeKey('rsa-1', 'RS256');
    const jwks = await jwksServer([rsa]);
    const revokedJti = await issueTechnicianToken(SECRET, { id: 'local-1', name: 'Lee', org: 'Vendor' });
    const { jti } = JSON.parse(Buffer.from(revokedJti.split('.')[1]!, 'base64url').toString()) as { jti: string };
    const t = await relayWith(jwks.url, { revokedTokens: [jti, 'pairwise-sub-1'] });
    expect(await signIn(t.url, revokedJti)).toBe('unauthorized');
    expect(await signIn(t.url, await issueTechnicianToken(SECRET, { id: 'local-1', name: 'Lee', org: 'Vendor' }))).toMatchObject({ name: 'Lee', org: 'Vendor' });
    expect(await signIn(t.url, await sign(rsa))).toBe('unauthorized'); // its sub is revoked
  });

  it('re-reads the file when it changes and disconnects a live console whose token it now names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rsw-revoked-'));
    dirs.push(dir);
    const file = join(dir, 'revoked.txt');
    writeFileSync(file, '# revoked technician tokens\n');
    const t = await startRelay({ tokenSecret: SECRET, revokedTokensFile: file, revokedTokensPollMs: 50 });
    const token = await issueTechnicianToken(SECRET, { id: 'u-99', name: 'Sam', org: 'Vendor' });
    const console1 = technician(t.url, token);
    await connected(console1);
    const dropped = next<string>(console1, 'disconnect');
    writeFileSync(file, '# revoked technician tokens\nu-99  # left the company\n');
    expect(await dropped).toBe('io server disconnect');
    expect(await signIn(t.url, token)).toBe('unauthorized');
    // Removing the file by mistake keeps the last list in force.
    rmSync(file);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await signIn(t.url, token)).toBe('unauthorized');
  });

  it('refuses to start when the file cannot be read', async () => {
    await expect(startRelay({ revokedTokensFile: join(tmpdir(), 'rsw-no-such-dir', 'revoked.txt') })).rejects.toThrow(/revokedTokensFile cannot be read/);
  });
});
