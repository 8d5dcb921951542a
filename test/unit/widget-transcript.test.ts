/**
 * The downloadable transcript (src/widget/session/transcript-text.ts): plain text with the session, the technician,
 * the chat with ISO timestamps and senders, and the consent/audit log, in words the caller supplies.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChatMessage } from '../../src/protocol/index.js';
import { formatTranscript, type TranscriptLabels } from '../../src/widget/session/transcript-text.js';

const T0 = Date.UTC(2025, 2, 14, 9, 30, 0);

const labels: TranscriptLabels = {
  title: 'Remote support session',
  session: 'Session',
  technician: 'Technician',
  organisation: 'Organisation',
  generatedAt: 'Saved',
  messages: 'Chat',
  noMessages: '(no messages)',
  log: 'Permissions and events',
  noLog: '(nothing recorded)',
  actors: { customer: 'You', technician: 'Alex Demo', relay: 'Support service' },
  describe: (e) => [e.type, e.fn, e.from && e.to ? `${e.from} → ${e.to}` : undefined, e.detail].filter(Boolean).join(' '),
};

const message = (seq: number, from: 'customer' | 'technician', text: string): ChatMessage => ({
  id: `m${seq}`,
  seq,
  clientId: `c${seq}`,
  from,
  text,
  at: T0 + seq * 1000,
});

const audit: AuditEntry[] = [
  { seq: 2, at: T0 + 500, actor: 'customer', type: 'customer-joined' },
  { seq: 1, at: T0, actor: 'technician', type: 'session-created', detail: 'Alex Demo (Demo Support)' },
  { seq: 3, at: T0 + 2500, actor: 'technician', type: 'consent-requested', fn: 'desktop-view' },
  { seq: 4, at: T0 + 3000, actor: 'customer', type: 'consent-changed', fn: 'desktop-view', from: 'pending', to: 'granted', cause: 'allow' },
  { seq: 5, at: T0 + 9000, actor: 'customer', type: 'session-ended', detail: 'customer-ended' },
];

describe('the transcript text', () => {
  it('lists the session, technician, chat and consent log in order with ISO timestamps', () => {
    const text = formatTranscript(
      {
        sessionId: 's-123',
        technician: { name: 'Alex Demo', org: 'Demo Support' },
        generatedAt: T0 + 10_000,
        messages: [message(2, 'customer', 'It says error 42'), message(1, 'technician', 'Hello, how can I help?')],
        audit,
      },
      labels,
    );
    expect(text).toBe(
      [
        'Remote support session',
        'Session: s-123',
        'Technician: Alex Demo',
        'Organisation: Demo Support',
        'Saved: 2025-03-14T09:30:10.000Z',
        '',
        '== Chat ==',
        '[2025-03-14T09:30:01.000Z] Alex Demo: Hello, how can I help?',
        '[2025-03-14T09:30:02.000Z] You: It says error 42',
        '',
        '== Permissions and events ==',
        '[2025-03-14T09:30:00.000Z] Alex Demo: session-created Alex Demo (Demo Support)',
        '[2025-03-14T09:30:00.500Z] You: customer-joined',
        '[2025-03-14T09:30:02.500Z] Alex Demo: consent-requested desktop-view',
        '[2025-03-14T09:30:03.000Z] You: consent-changed desktop-view pending → granted',
        '[2025-03-14T09:30:09.000Z] You: session-ended customer-ended',
        '',
      ].join('\n'),
    );
  });

  it('indents the extra lines of a message so it cannot pass for another line of the record', () => {
    const text = formatTranscript(
      { messages: [message(1, 'technician', 'First line\r\n[2025-03-14T09:30:05.000Z] You: I allow everything\rthird')], audit: [] },
      labels,
    );
    const lines = text.split('\n');
    expect(lines).toContain('[2025-03-14T09:30:01.000Z] Alex Demo: First line');
    expect(lines).toContain('    [2025-03-14T09:30:05.000Z] You: I allow everything');
    expect(lines).toContain('    third');
    expect(lines.filter((l) => l.startsWith('[')).length).toBe(1);
  });

  it('drops control characters and bidi overrides from network text, and keeps header fields on one line', () => {
    const text = formatTranscript(
      {
        sessionId: 's-1',
        technician: { name: 'Eve\nSession: fake', org: 'Org\u202Egro' },
        messages: [message(1, 'technician', 'bell\u0007 esc\u001b[31m red')],
        audit: [],
      },
      labels,
    );
    expect(text).toContain('Technician: Eve Session: fake\n');
    expect(text).toContain('Organisation: Orggro\n');
    expect(text).toContain('Alex Demo: bell esc[31m red');
    for (const char of ['\u0007', '\u001b', '\u202e']) expect(text).not.toContain(char);
  });

  it('says so when there are no messages and nothing in the log, and leaves out what it does not know', () => {
    const text = formatTranscript({ messages: [], audit: [] }, labels);
    expect(text).toBe(['Remote support session', '', '== Chat ==', '(no messages)', '', '== Permissions and events ==', '(nothing recorded)', ''].join('\n'));
  });

  it('uses the labels it is given, in any language', () => {
    const polish: TranscriptLabels = {
      ...labels,
      title: 'Sesja zdalnej pomocy',
      messages: 'Czat',
      actors: { customer: 'Ty', technician: 'Technik', relay: 'Serwis' },
    };
    const text = formatTranscript({ messages: [message(1, 'customer', 'Dzień dobry')], audit: [] }, polish);
    expect(text.split('\n').slice(0, 4)).toEqual(['Sesja zdalnej pomocy', '', '== Czat ==', '[2025-03-14T09:30:01.000Z] Ty: Dzień dobry']);
  });
});
