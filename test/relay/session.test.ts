import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChatMessage, SessionView } from '../../src/protocol/index.js';
import { call, collect, customer, grant, next, ok, startRelay, technician } from './support.js';

describe('a whole support session through the real relay', () => {
  it('pairs by code, chats both ways, enforces consent and ends for good', async () => {
    const t = await startRelay({ joinUrl: 'https://help.example.com/support' });
    const tech = technician(t.url, t.token);
    const created = await ok<{ code: string; joinUrl: string; session: SessionView; codeExpiresAt: number }>(tech, 'session:create');
    expect(created.code).toMatch(/^\d{6}$/);
    expect(created.joinUrl).toBe(`https://help.example.com/support?rsw-code=${created.code}`);
    expect(created.session.state).toBe('open');
    expect(created.codeExpiresAt - Date.now()).toBeGreaterThan(9 * 60_000);

    const cust = customer(t.url);
    const joinedSeen = next<SessionView>(tech, 'session:update', (s) => s.state === 'active');
    const joined = await ok<{ session: SessionView; resumeToken: string }>(cust, 'session:join', { code: created.code });
    expect(joined.session.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    expect((await joinedSeen).customerPresent).toBe(true);

    // chat both ways
    const toTech = next<ChatMessage>(tech, 'chat:message');
    const sent = await ok<{ message: ChatMessage }>(cust, 'chat:send', { clientId: 'c1', text: 'Hello, my printer is offline' });
    expect(sent.message.seq).toBe(1);
    expect(await toTech).toMatchObject({ text: 'Hello, my printer is offline', from: 'customer', seq: 1 });
    const toCust = next<ChatMessage>(cust, 'chat:message');
    await ok(tech, 'chat:send', { clientId: 't1', text: 'Let me have a look' });
    expect(await toCust).toMatchObject({ from: 'technician', seq: 2 });

    // nothing granted by default: the gate refuses
    const refused = await call(tech, 'screen:signal', { kind: 'offer', data: 'v=0' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-granted', fn: 'desktop-view' } });

    // request → prompt → allow → the signal is relayed
    const prompt = next<{ prompt: { id: string; fn: string } | null }>(cust, 'consent:prompt', (p) => p.prompt !== null);
    const requested = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'desktop-view' });
    expect((await prompt).prompt).toMatchObject({ id: requested.prompt.id, fn: 'desktop-view' });
    await ok(cust, 'consent:decide', { promptId: requested.prompt.id, allow: true });
    const relayed = next(cust, 'screen:signal');
    await ok(tech, 'screen:signal', { kind: 'offer', data: 'v=0' });
    expect(await relayed).toEqual({ kind: 'offer', data: 'v=0' });

    // stop sharing revokes; the next use is refused
    await ok(cust, 'consent:revoke-all');
    expect(await call(tech, 'screen:signal', { kind: 'candidate', data: 'x' })).toMatchObject({ ok: false, error: { code: 'not-granted' } });

    // one-shot: reboot works once
    await grant(tech, cust, 'reboot');
    await ok(tech, 'reboot:request');
    expect(await call(tech, 'reboot:request')).toMatchObject({ ok: false, error: { code: 'not-granted' } });

    // the customer disconnects: both are told, the technician cannot rejoin, the code is burnt
    const ended = next(tech, 'session:ended');
    await ok(cust, 'session:end');
    expect(await ended).toEqual({ by: 'customer', reason: 'customer-ended' });
    expect(await call(tech, 'session:attach', { sessionId: created.session.id })).toMatchObject({ ok: false, error: { code: 'session-ended' } });
    const again = customer(t.url);
    expect(await call(again, 'session:join', { code: created.code })).toMatchObject({ ok: false, error: { code: 'code-used' } });

    // the audit log tells the story, and both sides can fetch it
    const audit = await ok<{ entries: AuditEntry[] }>(cust, 'audit:fetch');
    const types = audit.entries.map((e) => `${e.type}${e.fn ? `:${e.fn}` : ''}${e.to ? `→${e.to}` : ''}`);
    expect(types).toEqual([
      'session-created',
      'customer-joined',
      'use-refused:desktop-view',
      'consent-requested:desktop-view',
      'consent-changed:desktop-view→granted',
      'consent-changed:desktop-view→revoked',
      'use-refused:desktop-view',
      'consent-requested:reboot',
      'consent-changed:reboot→granted',
      'consent-changed:reboot→used',
      'function-used:reboot',
      'reboot-token-issued:reboot',
      'use-refused:reboot',
      'reboot-token-revoked:reboot',
      'session-ended',
    ]);
    expect(audit.entries.every((e, i) => e.seq === i + 1 && e.at > 0)).toBe(true);
    expect((await ok<{ entries: AuditEntry[] }>(tech, 'audit:fetch')).entries).toEqual(audit.entries);
    expect(collect).toBeTypeOf('function');
  });
});
