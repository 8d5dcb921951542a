/**
 * The widget's own consent gate (src/widget/session/live-uses.ts) and the customer's functions behind it
 * (functions.ts): a technician's use that arrives while the customer's grant for it is not live — never granted,
 * revoked, expired, or after Stop sharing — is refused by the gate and has no effect that the customer would see.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GrantStatus } from '../../src/protocol/consent.js';
import { FUNCTION_IDS, type FunctionId } from '../../src/protocol/functions.js';
import type { ScreenSignal } from '../../src/ui/rtc-signal.js';
import { SessionFunctions } from '../../src/widget/session/functions.js';
import { ResumeStore } from '../../src/widget/session/resume-store.js';
import { LiveUses, type IncomingUse, type LiveView } from '../../src/widget/session/live-uses.js';
import type { WidgetState } from '../../src/widget/session/types.js';
import { MemoryStorage } from '../support/memory-storage.js';

const SERVER = 'https://relay.example';
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

function grants(live: Partial<Record<FunctionId, GrantStatus>> = {}): Record<FunctionId, GrantStatus> {
  return { ...(Object.fromEntries(FUNCTION_IDS.map((fn) => [fn, 'none'])) as Record<FunctionId, GrantStatus>), ...live };
}

function view(live: Partial<Record<FunctionId, GrantStatus>> = {}, phase: LiveView['phase'] = 'connected'): LiveView {
  return { phase, grants: grants(live) };
}

describe('LiveUses', () => {
  it('lets an ongoing function’s uses through only while its grant is granted, in a session', () => {
    const gate = new LiveUses();
    for (const status of ['none', 'pending', 'denied', 'expired', 'revoked'] as const) {
      expect(gate.allows('screen:signal', view({ 'desktop-view': status }))).toBe(false);
      expect(gate.allows('control:event', view({ 'remote-control': status }))).toBe(false);
      expect(gate.allows('file:chunk', view({ 'file-transfer': status }))).toBe(false);
    }
    expect(gate.allows('file:offer', view({ 'file-transfer': 'granted' }))).toBe(true);
    expect(gate.allows('file:offer', view({ 'file-transfer': 'granted' }, 'ended'))).toBe(false);
    expect(gate.allows('control:event', view({ 'remote-control': 'granted' }))).toBe(true);
    expect(gate.allows('control:event', view({ 'remote-control': 'granted' }))).toBe(true);
  });

  it('takes one request per one-shot grant, whether the relay’s “used” comes before or after it', () => {
    const gate = new LiveUses();
    // The request first, then the update to used.
    expect(gate.allows('sysinfo:request', view({ 'system-info': 'granted' }))).toBe(true);
    gate.grantsChanged(grants({ 'system-info': 'granted' }), grants({ 'system-info': 'used' }));
    expect(gate.allows('sysinfo:request', view({ 'system-info': 'used' }))).toBe(false);
    // Asked and granted again: one more.
    gate.grantsChanged(grants({ 'system-info': 'used' }), grants({ 'system-info': 'pending' }));
    gate.grantsChanged(grants({ 'system-info': 'pending' }), grants({ 'system-info': 'granted' }));
    gate.grantsChanged(grants({ 'system-info': 'granted' }), grants({ 'system-info': 'used' }));
    expect(gate.allows('sysinfo:request', view({ 'system-info': 'used' }))).toBe(true);
    expect(gate.allows('sysinfo:request', view({ 'system-info': 'used' }))).toBe(false);
    // Never granted, or revoked before use.
    expect(gate.allows('reboot:request', view())).toBe(false);
    expect(gate.allows('reboot:request', view({ reboot: 'revoked' }))).toBe(false);
  });
});

/** SessionFunctions on a stand-in socket, with the grants the test sets. */
function harness(live: Partial<Record<FunctionId, GrantStatus>>) {
  const socket = new EventEmitter();
  const dispatched: unknown[] = [];
  const requests: string[] = [];
  const rebootStorage = new MemoryStorage();
  const store = new ResumeStore(SERVER, null, rebootStorage);
  const reboot = { get: () => store.rebootToken() };
  let state = { phase: 'connected', grants: grants(live) } as WidgetState;
  const functions = new SessionFunctions(
    {
      state: () => state,
      request: async (name) => {
        requests.push(name);
        return { ok: true } as never;
      },
      dispatch: (event) => dispatched.push(event),
      revoke: () => undefined,
      keepReboot: (token, expiresAt) => store.saveReboot(token, expiresAt),
    },
    {},
  );
  functions.listen(socket as unknown as Socket, () => true);
  const gate = vi.spyOn(functions.uses, 'allows');
  /** How many uses of `event` the widget's gate refused. */
  const refused = (event: IncomingUse) => gate.mock.calls.filter(([e], i) => e === event && gate.mock.results[i]?.value === false).length;
  const setGrants = (next: Partial<Record<FunctionId, GrantStatus>>) => {
    const previous = state;
    state = { ...state, grants: grants(next) };
    functions.afterChange(previous, state);
  };
  const chunk = () =>
    new Promise<{ ok: boolean }>((resolve) => socket.emit('file:chunk', { transferId: 't1', index: 0, data: 'AAAA' }, resolve));
  return { socket, dispatched, requests, setGrants, chunk, reboot, refused };
}

const OFFER = { transferId: 't1', name: 'a.txt', size: 3, type: 'text/plain', sha256: 'a'.repeat(64) };

describe('SessionFunctions without a live grant', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows no system-information preview for a request without a live grant, and one with it', async () => {
    vi.stubGlobal('navigator', { userAgent: 'Test/1.0', language: 'en' });
    for (const status of ['none', 'revoked', 'expired'] as const) {
      const h = harness({ 'system-info': status });
      h.socket.emit('sysinfo:request', {});
      await flush();
      expect(h.dispatched).toEqual([]);
      expect(h.refused('sysinfo:request')).toBe(1);
    }
    const h = harness({ 'system-info': 'used' });
    h.socket.emit('sysinfo:request', {});
    await vi.waitFor(() => expect(h.dispatched).toMatchObject([{ type: 'sysinfo', items: expect.arrayContaining([{ key: 'userAgent', value: 'Test/1.0' }]) as unknown }]), { timeout: 5000 });
  });

  it('keeps no reboot token and shows no restart notice for a request without a live grant', async () => {
    const expiresAt = Date.now() + 60_000;
    const h = harness({ reboot: 'revoked' });
    h.socket.emit('reboot:request', { token: 'secret', expiresAt });
    expect(h.dispatched).toEqual([]);
    expect(h.reboot.get()).toBeUndefined();
    h.setGrants({ reboot: 'granted' });
    h.socket.emit('reboot:request', { token: 'secret', expiresAt });
    expect(h.dispatched).toEqual([{ type: 'reboot', expiresAt }]);
    expect(h.reboot.get()).toBe('secret');
  });

  it('shows no file offer and refuses every chunk once the grant is gone', async () => {
    const h = harness({ 'file-transfer': 'granted' });
    h.socket.emit('file:offer', OFFER);
    // The transfers are loaded on first use.
    await vi.waitFor(() => expect(h.dispatched).toMatchObject([{ type: 'transfers' }]), { timeout: 5000 });
    h.setGrants({ 'file-transfer': 'revoked' });
    await flush();
    const before = h.dispatched.length;
    h.socket.emit('file:offer', { ...OFFER, transferId: 't2' });
    h.socket.emit('file:accept', { transferId: 't1' });
    expect(await h.chunk()).toEqual({ ok: false });
    await flush();
    expect(h.dispatched.length).toBe(before);
    expect(h.requests).not.toContain('file:done');
    expect([h.refused('file:offer'), h.refused('file:accept'), h.refused('file:chunk')]).toEqual([1, 1, 1]);
  });

  it('hands no screen signal on while screen sharing is not granted', () => {
    const h = harness({ 'desktop-view': 'revoked' });
    const signal: ScreenSignal = { kind: 'answer', data: '{"type":"answer","sdp":"x"}' };
    h.socket.emit('screen:signal', signal);
    expect(h.refused('screen:signal')).toBe(1);
    expect(h.dispatched).toEqual([]);
  });
});
