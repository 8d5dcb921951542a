/**
 * The console's state and selectors for the five functions: what the customer shares (screen:state, the audit log
 * after a reload, a lost grant), when pointing is allowed (remote control AND this tab), the file panel, the system
 * information table in catalogue order, the restart from "waiting" to "reconnected after restart", the notices and
 * chat lines of the new audit entries, and that a new session starts without any of it.
 */
import { describe, expect, it } from 'vitest';
import type { ConsentState, FunctionId } from '../../src/protocol/index.js';
import { auditText } from '../../src/console/audit-strings.js';
import { noticeText } from '../../src/console/strings.js';
import type { ConsoleState } from '../../src/console/session/types.js';
import { canPoint, chatItems, filePanel, inChat, rebootView, screenView, sysinfoView, wantsVideo } from '../../src/console/session/views.js';
import type { TransferView } from '../../src/ui/transfers.js';
import { audit, consent, consentAfter, holding, reduce, relay, run, T0, view } from './console-fixtures.js';

/** A consent state with `fns` granted (in order, so remote control after screen viewing). */
function granted(...fns: FunctionId[]): ConsentState {
  let state = consent();
  for (const fn of fns) {
    const requested = consentAfter(state, { type: 'request', fn, now: T0 });
    state = consentAfter(requested.state, { type: 'decide', promptId: requested.state.prompts.find((p) => p.fn === fn)!.id, allow: true, now: T0 }).state;
  }
  return state;
}

function sharing(surface: 'this-tab' | 'window' = 'this-tab', ...fns: FunctionId[]): ConsoleState {
  return reduce(holding({ consent: granted('desktop-view', ...fns) }), relay('screen:state', { state: 'sharing', surface }));
}

describe('screen viewing', () => {
  it('follows screen:state while screen viewing is granted', () => {
    let s = sharing('window');
    expect(screenView(s)).toEqual({ sharing: true, surface: 'window', video: 'idle', pointer: false, pointerNeedsTab: false });
    expect(wantsVideo(s)).toBe(true);
    s = reduce(s, { type: 'video', status: 'live' });
    expect(screenView(s)?.video).toBe('live');
    expect(reduce(s, { type: 'video', status: 'live' })).toBe(s);
    s = reduce(s, relay('screen:state', { state: 'stopped' }));
    expect(screenView(s)?.sharing).toBe(false);
    expect(wantsVideo(s)).toBe(false);
  });

  it('is not sharing once the grant is gone or the session ended, whatever the last screen:state said', () => {
    const s = sharing();
    const revoked = consentAfter(s.session!.consent, { type: 'revoke', fn: 'desktop-view', now: T0 + 5 });
    const after = reduce(s, relay('consent:update', { consent: revoked.state, changes: revoked.changes }));
    expect(screenView(after)?.sharing).toBe(false);
    expect(wantsVideo(reduce(s, relay('session:ended', { by: 'customer', reason: 'customer-ended' })))).toBe(false);
    expect(wantsVideo({ ...s, connection: 'reconnecting' })).toBe(false);
    // The relay's audit entry of the stop is enough too.
    expect(reduce(s, relay('audit:entry', audit(9, { type: 'screen-stopped', detail: 'revoke' }))).screen).toEqual({ sharing: false });
  });

  it('knows what the customer shares from the audit log after a reload (attach)', () => {
    const s = reduce(
      { ...holding(), session: undefined },
      {
        type: 'attached',
        session: view({ consent: granted('desktop-view') }),
        messages: [],
        audit: [audit(1, { type: 'screen-started', detail: 'window' }), audit(2, { type: 'screen-stopped' }), audit(3, { type: 'screen-started', detail: 'this-tab' })],
        relay: { rtc: { iceServers: [{ urls: 'stun:x' }] }, limits: { maxFileBytes: 1000 } },
        now: T0,
      },
    );
    expect(s.screen).toEqual({ sharing: true, surface: 'this-tab' });
    expect(s.relay?.rtc.iceServers).toEqual([{ urls: 'stun:x' }]);
    const odd = reduce({ ...holding(), session: undefined }, { type: 'attached', session: view(), messages: [], audit: [audit(1, { type: 'screen-started', detail: '<b>' })], now: T0 });
    expect(odd.screen).toEqual({ sharing: true, surface: 'unknown' });
  });

  it('is not shown when screen viewing is not offered', () => {
    expect(screenView(holding({ consent: consent(['file-transfer']) }))).toBeUndefined();
  });
});

describe('pointing', () => {
  it('needs remote control AND the customer sharing this very tab', () => {
    expect(canPoint(sharing('this-tab'))).toBe(false);
    const tab = sharing('this-tab', 'remote-control');
    expect(canPoint(tab)).toBe(true);
    expect(screenView(tab)).toMatchObject({ pointer: true, pointerNeedsTab: false });
    const window = sharing('window', 'remote-control');
    expect(canPoint(window)).toBe(false);
    expect(screenView(window)).toMatchObject({ pointer: false, pointerNeedsTab: true });
  });

  it('stops with the grant, the share, the connection and the session', () => {
    const s = sharing('this-tab', 'remote-control');
    const revoked = consentAfter(s.session!.consent, { type: 'revoke', fn: 'remote-control', now: T0 + 5 });
    expect(canPoint(reduce(s, relay('consent:update', { consent: revoked.state, changes: revoked.changes })))).toBe(false);
    // Revoking screen viewing takes remote control with it.
    const both = consentAfter(s.session!.consent, { type: 'revoke', fn: 'desktop-view', now: T0 + 5 });
    expect(canPoint(reduce(s, relay('consent:update', { consent: both.state, changes: both.changes })))).toBe(false);
    expect(canPoint(reduce(s, relay('screen:state', { state: 'stopped' })))).toBe(false);
    expect(canPoint({ ...s, connection: 'reconnecting' })).toBe(false);
    expect(canPoint(reduce(s, relay('session:ended', { by: 'technician', reason: 'technician-ended' })))).toBe(false);
  });
});

describe('the browser ending screen viewing', () => {
  it('says in the notice and the audit line why (picker cancelled, browser button, capture failed)', () => {
    const s = sharing('this-tab', 'remote-control');
    const revoked = consentAfter(s.session!.consent, { type: 'revoke', fn: 'desktop-view', now: T0 + 5 });
    let next = reduce(s, relay('consent:update', { consent: revoked.state, changes: revoked.changes }));
    expect(next.notice).toMatchObject({ kind: 'revoked', fns: ['desktop-view', 'remote-control'] });
    const entry = audit(7, { type: 'consent-changed', fn: 'desktop-view', cause: 'revoke', from: 'granted', to: 'revoked', actor: 'customer', detail: 'picker-cancelled' });
    next = reduce(next, relay('audit:entry', entry));
    expect(next.notice?.screenStop).toBe('picker-cancelled');
    const n = next.notice!;
    expect(noticeText(n.kind, n.fns, n.by, n.reason, n.screenStop)).toBe(
      "The customer closed the browser's sharing dialog without choosing anything. Stopped: Screen viewing, Remote control.",
    );
    expect(auditText(entry)).toBe("The customer closed the browser's sharing dialog without choosing anything. Stopped: Screen viewing.");
    expect(auditText({ ...entry, detail: 'browser-stopped' })).toContain("the browser's own button");
    expect(auditText({ ...entry, detail: undefined })).toBe('The customer revoked: Screen viewing.');
  });

  it('finds the reason also when the entry came first (the relay logs a change before it sends it)', () => {
    const s = sharing();
    const revoked = consentAfter(s.session!.consent, { type: 'revoke', fn: 'desktop-view', now: T0 + 5 });
    const entry = audit(7, { type: 'consent-changed', fn: 'desktop-view', cause: 'revoke', from: 'granted', to: 'revoked', actor: 'customer', detail: 'browser-stopped' });
    const next = run(s, relay('audit:entry', entry), relay('consent:update', { consent: revoked.state, changes: revoked.changes }));
    expect(next.notice).toMatchObject({ kind: 'revoked', screenStop: 'browser-stopped' });

    // An older revocation with a reason does not colour a later plain one (a request and an allow came between).
    const again = consentAfter(revoked.state, { type: 'request', fn: 'desktop-view', now: T0 + 6 });
    const allowed = consentAfter(again.state, { type: 'decide', promptId: again.state.prompts[0]!.id, allow: true, now: T0 + 7 });
    const plain = consentAfter(allowed.state, { type: 'revoke', fn: 'desktop-view', now: T0 + 8 });
    const later = run(
      next,
      relay('audit:entry', audit(8, { type: 'consent-requested', fn: 'desktop-view' })),
      relay('audit:entry', audit(9, { type: 'consent-changed', fn: 'desktop-view', cause: 'allow' })),
      relay('consent:update', { consent: allowed.state, changes: allowed.changes }),
      relay('audit:entry', audit(10, { type: 'consent-changed', fn: 'desktop-view', cause: 'revoke' })),
      relay('consent:update', { consent: plain.state, changes: plain.changes }),
    );
    expect(later.notice?.kind).toBe('revoked');
    expect(later.notice?.screenStop).toBeUndefined();
  });
});

describe('files', () => {
  const item: TransferView = { id: 't-1', direction: 'in', name: 'log.txt', size: 10, type: 'text/plain', status: 'incoming', bytes: 0 };

  it('shows the panel when file transfer is offered, enabled while granted and online, with the relay limit', () => {
    const created = { ...holding({ consent: granted('file-transfer') }), relay: { rtc: { iceServers: [] }, limits: { maxFileBytes: 5000 } } };
    expect(filePanel(created)).toEqual({ offered: true, enabled: true, maxBytes: 5000, transfers: [] });
    expect(filePanel({ ...created, connection: 'reconnecting' })?.enabled).toBe(false);
    expect(filePanel(holding())?.enabled).toBe(false);
    expect(filePanel(holding({ consent: consent(['desktop-view']) }))).toBeUndefined();
  });

  it('keeps the list the shared transfers report, and a new session starts without it', () => {
    const list = [item];
    let s = reduce(holding(), { type: 'transfers', list });
    expect(s.transfers).toBe(list);
    expect(reduce(s, { type: 'transfers', list })).toBe(s);
    s = run(
      s,
      relay('session:ended', { by: 'technician', reason: 'technician-ended' }),
      { type: 'close-session' },
    );
    expect(s.transfers).toEqual([]);
    expect(s.video).toBe('idle');
  });
});

describe('system information', () => {
  it('shows the report in the catalogue order, or that the customer declined', () => {
    let s = reduce(
      holding(),
      relay('sysinfo:report', { items: [{ key: 'timeZone', value: 'Europe/Oslo' }, { key: 'userAgent', value: '<img src=x onerror=alert(1)>' }], at: T0 + 50 }),
    );
    expect(sysinfoView(s)).toEqual({
      kind: 'report',
      rows: [{ key: 'userAgent', value: '<img src=x onerror=alert(1)>' }, { key: 'timeZone', value: 'Europe/Oslo' }],
      at: T0 + 50,
    });
    expect(s.clockOffset).toBe(50);
    s = reduce(s, relay('sysinfo:declined', { at: T0 + 60 }));
    expect(sysinfoView(s)).toEqual({ kind: 'declined', at: T0 + 60 });
    expect(sysinfoView(holding())).toBeUndefined();
    // Not without a session.
    const none = { ...holding(), session: undefined };
    expect(reduce(none, relay('sysinfo:declined', { at: T0 }))).toBe(none);
  });
});

describe('restart and reconnect', () => {
  it('waits until the deadline, then says the customer reconnected after the restart', () => {
    let s = reduce(holding({ consent: granted('reboot') }), { type: 'reboot-issued', expiresAt: T0 + 15 * 60_000, now: T0 });
    expect(rebootView(s, T0 + 1000)).toEqual({ phase: 'waiting', until: T0 + 15 * 60_000 });
    s = reduce(s, relay('participant:update', { role: 'customer', present: false, reason: 'dropped' }));
    expect(rebootView(s, T0 + 2000)?.phase).toBe('waiting');
    s = reduce(s, relay('participant:update', { role: 'customer', present: true, reason: 'restarted' }, T0 + 60_000));
    expect(rebootView(s, T0 + 61_000)).toEqual({ phase: 'rejoined', at: T0 + 60_000 });
    expect(s.notice?.kind).toBe('customer-restarted');
    expect(noticeText('customer-restarted')).toMatch(/^Reconnected after restart/);
    expect(s.session?.customerPresent).toBe(true);
  });

  it('is over after the deadline, when the relay drops the token, or when the session ends', () => {
    const s = reduce(holding(), { type: 'reboot-issued', expiresAt: T0 + 1000, now: T0 });
    expect(rebootView(s, T0 + 1000)).toEqual({ phase: 'over' });
    const withIssued = reduce(s, relay('audit:entry', audit(3, { type: 'reboot-token-issued' })));
    expect(rebootView(reduce(withIssued, relay('audit:entry', audit(4, { type: 'reboot-token-revoked' }))), T0)).toEqual({ phase: 'over' });
    expect(rebootView(reduce(s, relay('session:ended', { by: 'customer', reason: 'customer-ended' })), T0)).toEqual({ phase: 'over' });
    expect(rebootView(holding(), T0)).toBeUndefined();
  });

  it('after a reload, tells from the audit log (without the deadline)', () => {
    const s = { ...holding(), audit: [audit(3, { type: 'reboot-token-issued' })] };
    expect(rebootView(s, T0)).toEqual({ phase: 'waiting' });
    const back = { ...s, audit: [...s.audit, audit(4, { type: 'rejoined-after-restart', actor: 'customer' })] };
    expect(rebootView(back, T0)).toEqual({ phase: 'rejoined', at: T0 + 4000 });
  });
});

describe('chat lines of the new audit entries', () => {
  it('shows sharing, transfers, system information and the restart in the chat; offers and tokens only in the log', () => {
    for (const type of ['screen-started', 'screen-stopped', 'file-transferred', 'file-cancelled', 'sysinfo-sent', 'sysinfo-declined', 'rejoined-after-restart'] as const) {
      expect(inChat(audit(1, { type }))).toBe(true);
    }
    for (const type of ['file-offered', 'file-accepted', 'reboot-token-issued', 'reboot-token-revoked'] as const) {
      expect(inChat(audit(1, { type }))).toBe(false);
    }
    const s = { ...holding(), audit: [audit(1, { type: 'screen-started', detail: 'this-tab', actor: 'customer' })] };
    expect(chatItems(s).map((i) => (i.kind === 'system' ? auditText(i.entry) : ''))).toEqual(['The customer started sharing the tab with this chat.']);
  });

  it('words each entry, with who did it', () => {
    const sha = 'ab12'.repeat(16);
    const detail = `log.txt (10 bytes, sha256 ${sha})`;
    const file = `\u2068log.txt\u2069 (10 bytes, \u2066SHA-256 ${sha}\u2069)`;
    expect(auditText(audit(1, { type: 'file-offered', actor: 'technician', detail }), 'en')).toBe(`You offered a file: ${file}.`);
    expect(auditText(audit(1, { type: 'file-offered', actor: 'customer', detail }), 'en')).toBe(`The customer offered a file: ${file}.`);
    expect(auditText(audit(1, { type: 'file-cancelled', actor: 'relay', detail: `${detail}: revoked` }), 'en')).toBe(
      `The relay stopped a file transfer: ${file}. Stopped: the customer took back File transfer.`,
    );
    expect(auditText(audit(1, { type: 'file-offered', actor: 'customer', detail: 'odd' }))).toBe('The customer offered a file: odd.');
    expect(auditText(audit(1, { type: 'screen-started', detail: 'monitor' }))).toBe('The customer started sharing their whole screen.');
    expect(auditText(audit(1, { type: 'rejoined-after-restart' }))).toBe('Reconnected after restart: the customer is back.');
  });
});
