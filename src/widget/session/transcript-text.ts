/**
 * The downloadable record of a session as plain text: a header (session, technician, when it was saved), the chat
 * with timestamps and senders, and the consent/audit log. Pure and UI-free: every word comes in `labels`, already
 * localized by the caller, and so may the times (ISO 8601 in UTC without `labels.time`); nothing here reads a clock
 * or a locale.
 *
 * Everything that came over the network is treated as text: control characters are dropped and each extra line of a
 * message is indented, so a message can never pass itself off as another line of the record.
 */
import type { AuditEntry, ChatMessage, Role, TechnicianIdentity } from '../../protocol/index.js';

export interface TranscriptLabels {
  /** First line, e.g. "Remote support session". */
  title: string;
  /** e.g. "Session" (followed by ": <id>"). */
  session: string;
  /** e.g. "Technician". */
  technician: string;
  /** e.g. "Organisation". */
  organisation: string;
  /** e.g. "Saved". */
  generatedAt: string;
  /** Heading of the chat, e.g. "Chat". */
  messages: string;
  /** Shown when there are no messages, e.g. "(no messages)". */
  noMessages: string;
  /** Heading of the log, e.g. "Permissions and events". */
  log: string;
  /** Shown when the log is empty. */
  noLog: string;
  /** Sender / actor names, e.g. `{ customer: 'You', technician: 'Alex Demo', relay: 'Support service' }`. */
  actors: Record<Role | 'relay', string>;
  /** One audit entry in words, e.g. "allowed: see your screen". */
  describe(entry: AuditEntry): string;
  /** A time in words (default: ISO 8601 in UTC). */
  time?: (at: number) => string;
}

export interface TranscriptData {
  messages: readonly ChatMessage[];
  audit: readonly AuditEntry[];
  sessionId?: string;
  technician?: TechnicianIdentity;
  /** When the record is made (ms since epoch); the header line is left out without it. */
  generatedAt?: number;
}

/** ISO 8601 in UTC, or an empty string for a time that is not a valid date. */
function isoTime(at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** One line of text: no control characters, no line breaks. */
function line(text: string): string {
  return clean(text).replace(/\n/g, ' ').trim();
}

/** Text that may span lines: control characters (other than line feed and tab) and bidi overrides dropped. */
function clean(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // C0 (but tab and line feed), DEL, C1, and the bidi embedding/override/isolate controls.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

function body(text: string): string {
  return clean(text).split('\n').join('\n    ');
}

export function formatTranscript(data: TranscriptData, labels: TranscriptLabels): string {
  const iso = labels.time ?? isoTime;
  const out: string[] = [line(labels.title)];
  if (data.sessionId) out.push(`${line(labels.session)}: ${line(data.sessionId)}`);
  if (data.technician) {
    out.push(`${line(labels.technician)}: ${line(data.technician.name)}`);
    out.push(`${line(labels.organisation)}: ${line(data.technician.org)}`);
  }
  if (data.generatedAt !== undefined) out.push(`${line(labels.generatedAt)}: ${iso(data.generatedAt)}`);

  out.push('', `== ${line(labels.messages)} ==`);
  const messages = [...data.messages].sort((a, b) => a.seq - b.seq);
  if (messages.length === 0) out.push(line(labels.noMessages));
  for (const m of messages) out.push(`[${iso(m.at)}] ${line(labels.actors[m.from])}: ${body(m.text)}`);

  out.push('', `== ${line(labels.log)} ==`);
  const audit = [...data.audit].sort((a, b) => a.seq - b.seq);
  if (audit.length === 0) out.push(line(labels.noLog));
  for (const e of audit) out.push(`[${iso(e.at)}] ${line(labels.actors[e.actor])}: ${body(labels.describe(e))}`);

  return `${out.join('\n')}\n`;
}
