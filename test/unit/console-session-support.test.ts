/**
 * The console's small helpers: reading a token's claims for display, what survives a reload in the tab's storage,
 * and the technician-facing wording of a function's live state.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleStore, MemoryStorage } from '../../src/console/session/storage.js';
import { readTokenClaims, tokenIdentity } from '../../src/console/session/token.js';
import type { FunctionRow } from '../../src/console/session/views.js';
import { formatCountdown, groupDigits, isFullUrl, wholeMinutes } from '../../src/console/format.js';
import { auditText } from '../../src/console/audit-strings.js';
import { errorText, functionStatus, noticeText } from '../../src/console/strings.js';
import { audit } from './console-fixtures.js';

function jwt(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.signature`;
}

describe('token claims', () => {
  it('reads who the token names and when it expires, without trusting it for anything else', () => {
    const token = jwt({ sub: 'ann', name: ' Ann Sørensen ', org: 'Acme Support', exp: 1_800_000_000 });
    expect(readTokenClaims(token)).toEqual({ id: 'ann', name: 'Ann Sørensen', org: 'Acme Support', expiresAt: 1_800_000_000_000 });
    expect(tokenIdentity(`  ${token}  `)).toEqual({ name: 'Ann Sørensen', org: 'Acme Support' });
  });

  it('gives nothing for what is not a JWT with a JSON object payload', () => {
    for (const bad of ['', 'not-a-token', 'a.b.c', `x.${Buffer.from('[1]').toString('base64url')}.y`, 'x.@@@.y']) {
      expect(readTokenClaims(bad)).toBeUndefined();
    }
    expect(tokenIdentity(jwt({ name: 'Ann' }))).toBeUndefined();
  });
});

describe('what survives a reload', () => {
  it('keeps the token and the session (with its code) until cleared', () => {
    const storage = new MemoryStorage();
    const store = new ConsoleStore(storage);
    store.token = 'tok';
    store.session = { sessionId: 's1', code: { code: '123456', joinUrl: '?rsw-code=123456', expiresAt: 5 } };
    const again = new ConsoleStore(storage);
    expect(again.token).toBe('tok');
    expect(again.session).toEqual({ sessionId: 's1', code: { code: '123456', joinUrl: '?rsw-code=123456', expiresAt: 5 } });
    again.session = undefined;
    expect(storage.length).toBe(1);
    again.clear();
    expect(storage.length).toBe(0);
  });

  it('ignores damaged entries and works without storage, or with storage that throws', () => {
    const storage = new MemoryStorage();
    storage.setItem('remote-support-console:session', '{not json');
    expect(new ConsoleStore(storage).session).toBeUndefined();
    storage.setItem('remote-support-console:session', JSON.stringify({ sessionId: 's1', code: { code: 1 } }));
    expect(new ConsoleStore(storage).session).toBeUndefined();

    const none = new ConsoleStore(null);
    none.token = 'x';
    expect(none.token).toBeUndefined();

    const blocked = new ConsoleStore({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
      clear: () => undefined,
      key: () => null,
      length: 0,
    });
    blocked.token = 'x';
    expect(blocked.token).toBeUndefined();
  });
});

describe('wording', () => {
  const row = (extra: Partial<FunctionRow>): FunctionRow => ({ fn: 'desktop-view', status: 'none', queued: false, busy: false, canRequest: true, ...extra });

  it('says each live state as the relay reports it', () => {
    expect(functionStatus(row({}))).toBe('Not requested');
    expect(functionStatus(row({ status: 'pending', remainingMs: 42_000 }))).toBe("Waiting for the customer's answer (0:42 left)");
    expect(functionStatus(row({ status: 'pending', queued: true }))).toBe("Waiting for the customer's previous answer");
    expect(functionStatus(row({ status: 'granted' }))).toBe('Granted');
    expect(functionStatus(row({ status: 'denied' }))).toBe('Denied');
    expect(functionStatus(row({ status: 'expired' }))).toBe('Expired: the customer did not answer');
    expect(functionStatus(row({ status: 'revoked' }))).toBe('Revoked');
    expect(functionStatus(row({ status: 'used' }))).toBe('Used');
  });

  it('names the refusal, the notice and the audit entry plainly', () => {
    expect(errorText('not-granted', 'system-info')).toBe('Refused by the relay: the customer has not granted System information.');
    expect(errorText('unauthorized')).toMatch(/did not accept this token/);
    expect(noticeText('stopped-sharing', ['desktop-view', 'remote-control'])).toBe(
      'The customer stopped sharing. Revoked: Screen viewing, Remote control.',
    );
    expect(noticeText('session-ended', [], 'relay', 'customer-timeout')).toMatch(/customer's connection was lost/);
    expect(auditText(audit(1, { type: 'use-refused', fn: 'system-info', detail: 'sysinfo:request: not-granted' }))).toBe(
      'Refused by the relay: the customer has not granted System information.',
    );
    expect(auditText(audit(1, { type: 'use-refused', fn: 'system-info', detail: 'odd' }))).toBe('Refused by the relay: System information (odd).');
    expect(auditText(audit(1, { type: 'consent-changed', fn: 'reboot', cause: 'expire', from: 'pending', to: 'expired' }))).toBe(
      'No answer in time, so not allowed: Restart and reconnect.',
    );
  });

  it('formats codes, countdowns and waiting times', () => {
    expect(groupDigits('012345')).toBe('012 345');
    expect(groupDigits('12345678')).toBe('123 456 78');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(wholeMinutes(179_999)).toBe(2);
    expect(isFullUrl('https://help.example.com/?rsw-code=1')).toBe(true);
    expect(isFullUrl('?rsw-code=1')).toBe(false);
  });
});
