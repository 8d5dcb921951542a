/**
 * The customer's receipt (src/widget/receipt.ts, session/receipt-entries.ts): every audit type of the protocol in
 * words, each event once, remote control worded for what it did then, and local times.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_TYPES, type AuditEntry, type AuditType } from '../../src/protocol/index.js';
import { fileName, receiptSentence } from '../../src/widget/receipt.js';
import { receiptEntries, receiptTime } from '../../src/widget/session/receipt-entries.js';
import { transcriptText } from '../../src/widget/transcript.js';

const T0 = Date.UTC(2025, 2, 14, 9, 30, 0);
const FILE = `report (final).pdf (2048 bytes, sha256 ${'ab'.repeat(32)})`;

/** A realistic entry of each type, as the relay writes it. */
const EXAMPLES: Record<AuditType, Partial<AuditEntry>> = {
  'session-created': { actor: 'technician', detail: 'Alex Demo (Demo Support)' },
  'customer-queued': { actor: 'customer' },
  'customer-joined': { actor: 'customer' },
  'technician-joined': { actor: 'technician', detail: 'Alex Demo (Demo Support)' },
  'participant-dropped': { actor: 'relay', detail: 'customer' },
  'participant-resumed': { actor: 'customer', detail: 'customer' },
  'consent-requested': { actor: 'technician', fn: 'desktop-view' },
  'consent-reconfirm-requested': { actor: 'relay', fn: 'desktop-view' },
  'consent-changed': { actor: 'customer', fn: 'desktop-view', from: 'pending', to: 'granted', cause: 'allow' },
  'function-used': { actor: 'technician', fn: 'reboot', detail: 'reboot:request' },
  'use-refused': { actor: 'technician', fn: 'system-info', detail: 'sysinfo:request: not-granted' },
  'session-ended': { actor: 'customer', detail: 'customer-ended' },
  'screen-started': { actor: 'customer', detail: 'this-tab' },
  'screen-stopped': { actor: 'relay', detail: 'revoke' },
  'file-offered': { actor: 'technician', detail: FILE },
  'file-accepted': { actor: 'customer', detail: FILE },
  'file-transferred': { actor: 'customer', detail: FILE },
  'file-cancelled': { actor: 'relay', detail: `${FILE}: revoked` },
  'sysinfo-sent': { actor: 'customer', fn: 'system-info', detail: 'userAgent, timeZone' },
  'sysinfo-declined': { actor: 'customer', fn: 'system-info' },
  'reboot-token-issued': { actor: 'relay', fn: 'reboot', detail: 'valid until 2025-03-14T09:45:00.000Z' },
  'reboot-token-revoked': { actor: 'relay', fn: 'reboot', detail: 'customer-ended' },
  'rejoined-after-restart': { actor: 'customer' },
  'session-rated': { actor: 'customer', detail: '4', comment: 'Quick and kind.' },
  'agent-connected': { actor: 'relay', detail: 'Acme Assist 4.2' },
  'agent-disconnected': { actor: 'relay' },
  'session-handed-off': { actor: 'technician', from: 'Alex Demo', to: 'Sam Field', detail: 'Demo Support' },
};

const entry = (seq: number, type: AuditType, extra: Partial<AuditEntry> = {}): AuditEntry => ({ seq, at: T0 + seq * 1000, actor: 'relay', type, ...EXAMPLES[type], ...extra });
const say = (e: AuditEntry, control: 'point' | 'full' = 'point') => receiptSentence(e, { who: 'Alex Demo', control, locale: 'en' });

describe('the receipt', () => {
  it.each(AUDIT_TYPES.map((t) => [t]))('has a sentence for the audit type %s, without internal names', (type) => {
    const sentence = say(entry(1, type));
    expect(sentence.trim()).not.toBe('');
    expect(sentence).not.toContain(type);
    expect(sentence).not.toContain(' · ');
    expect(sentence).not.toMatch(/\b(this-tab|userAgent|customer-ended|sha256|desktop-view|reboot:request)\b/);
  });

  it('says what was sent and which file, in words', () => {
    expect(say(entry(1, 'sysinfo-sent'))).toBe('System information sent: Browser identification and Time zone');
    expect(say(entry(1, 'file-cancelled'))).toBe('File transfer stopped: report (final).pdf');
    expect(say(entry(1, 'screen-started'))).toBe('Started sharing this tab');
    expect(say(entry(1, 'session-rated'))).toBe('Rated the session 4 out of 5: Quick and kind.');
    expect(fileName('odd name')).toBe('odd name');
  });

  it('writes a one-shot use once, though the relay records the grant change and the use', () => {
    const audit = [
      entry(1, 'consent-changed', { fn: 'system-info', from: 'granted', to: 'used', cause: 'use', actor: 'technician' }),
      entry(2, 'function-used', { fn: 'system-info', detail: 'sysinfo:request' }),
      entry(3, 'sysinfo-sent'),
      entry(4, 'consent-changed', { fn: 'system-info', from: 'granted', to: 'used', cause: 'use', actor: 'technician' }),
      entry(5, 'function-used', { fn: 'system-info', detail: 'sysinfo:request' }),
    ];
    expect(receiptEntries(audit).map((r) => r.entry.seq)).toEqual([1, 3, 4]);
    // A use without its grant change (an older relay) is still written.
    expect(receiptEntries([entry(2, 'function-used')]).map((r) => r.entry.seq)).toEqual([2]);
  });

  it('words remote control as pointing until the vendor agent declared itself, and as control while it is there', () => {
    const granted = (seq: number) => entry(seq, 'consent-changed', { fn: 'remote-control', to: 'granted' });
    const lines = receiptEntries([granted(1), entry(2, 'agent-connected'), granted(3), entry(4, 'agent-disconnected'), granted(5)]).map((r) => say(r.entry, r.control));
    expect(lines).toEqual([
      'Allowed: Pointing on your screen',
      'The support program on your computer connected: Acme Assist 4.2',
      'Allowed: Remote control',
      'The support program on your computer disconnected',
      'Allowed: Pointing on your screen',
    ]);
  });

  it('gives times in the reader’s language and time zone, to the second, with the zone named', () => {
    const formatted = receiptTime(T0, 'de');
    expect(formatted).toBe(new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'long' }).format(new Date(T0)));
    expect(formatted).not.toContain('T09:30:00.000Z');
    expect(receiptTime(T0, 'pl')).not.toBe(receiptTime(T0, 'en'));
    expect(receiptTime(Number.NaN)).toBe('');
  });

  it('reads as sentences in the downloaded transcript, once each, with local times', () => {
    const audit = [
      entry(1, 'session-created'),
      entry(2, 'customer-joined'),
      entry(3, 'consent-changed', { fn: 'system-info', from: 'granted', to: 'used', cause: 'use', actor: 'technician' }),
      entry(4, 'function-used', { fn: 'system-info', detail: 'sysinfo:request' }),
      entry(5, 'sysinfo-sent'),
      entry(6, 'reboot-token-revoked'),
    ];
    const text = transcriptText({ messages: [], audit, technician: { name: 'Alex Demo', org: 'Demo Support' } }, 'en');
    const log = text.split('== Permissions and events ==\n')[1]!.trim().split('\n');
    expect(log).toEqual([
      `[${receiptTime(T0 + 1000, 'en')}] Alex Demo: Session created`,
      `[${receiptTime(T0 + 2000, 'en')}] You: You joined with the code`,
      `[${receiptTime(T0 + 3000, 'en')}] Alex Demo: Used: System information`,
      `[${receiptTime(T0 + 5000, 'en')}] You: System information sent: Browser identification and Time zone`,
      `[${receiptTime(T0 + 6000, 'en')}] Support service: Reconnecting after a restart is no longer possible`,
    ]);
  });
});
