/**
 * The downloadable record of a session (chat transcript and consent receipt): the session logic's `formatTranscript`
 * lays it out and cleans what came over the network; this module supplies the localized words and the download.
 */
import { msg } from '@lit/localize';
import { receiptSentence } from './receipt.js';
import { receiptEntries, receiptTime } from './session/receipt-entries.js';
import { formatTranscript, type TranscriptLabels } from './session/transcript-text.js';
import type { Transcript } from './session/types.js';
import { technicianName } from './strings.js';

/**
 * The transcript as text, UTF-8 with a byte order mark so that every editor shows names in any script correctly:
 * every audit entry once, in words, with local times (`locale`: BCP 47, empty for the browser's).
 */
export function transcriptText(t: Transcript, locale?: string): string {
  const who = technicianName(t.technician?.name);
  const entries = receiptEntries(t.audit);
  const control = new Map(entries.map((r) => [r.entry, r.control]));
  const labels: TranscriptLabels = {
    title: msg('Remote support session', { id: 'transcript.title' }),
    session: msg('Session', { id: 'transcript.session' }),
    technician: msg('Technician', { id: 'transcript.technician' }),
    organisation: msg('Organisation', { id: 'transcript.organisation' }),
    generatedAt: msg('Saved', { id: 'transcript.saved' }),
    messages: msg('Chat', { id: 'transcript.chat' }),
    noMessages: msg('(no messages)', { id: 'transcript.no-messages' }),
    log: msg('Permissions and events', { id: 'transcript.log' }),
    noLog: msg('(nothing recorded)', { id: 'transcript.no-log' }),
    actors: {
      customer: msg('You', { id: 'log.you' }),
      technician: who,
      relay: msg('Support service', { id: 'transcript.relay' }),
    },
    describe: (e) => receiptSentence(e, { who, control: control.get(e) ?? 'point', ...(locale ? { locale } : {}) }),
    time: (at) => receiptTime(at, locale || undefined),
  };
  return `\ufeff${formatTranscript({ ...t, audit: entries.map((r) => r.entry) }, labels)}`;
}

/** Offers `text` as a file download (Blob + object URL, revoked right after; nothing is stored). */
export function downloadText(text: string, filename: string, within: ParentNode): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  within.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
