/**
 * The downloadable record of a session (chat transcript and consent receipt): the session logic's `formatTranscript`
 * lays it out and cleans what came over the network; this module supplies the localized words and the download.
 */
import { msg, str } from '@lit/localize';
import type { AuditEntry, EndReason } from '../protocol/index.js';
import { formatTranscript, type TranscriptLabels } from './session/transcript-text.js';
import type { SystemEvent, SystemItem, Transcript } from './session/types.js';
import { endText, functionName, systemText, technicianName } from './strings.js';

/** One audit entry in words; `who` is the technician. */
function describe(e: AuditEntry, who: string): string {
  const line = (event: SystemEvent) => systemText({ event } as SystemItem, who);
  const fn = e.fn ? functionName(e.fn) : '';
  switch (e.type === 'consent-changed' ? e.to : e.type) {
    case 'consent-requested':
      return msg(str`Asked for: ${fn}`, { id: 'audit.requested' });
    case 'consent-reconfirm-requested':
      return msg(str`Asked to confirm again: ${fn}`, { id: 'audit.reconfirm' });
    case 'granted':
      return msg(str`Allowed: ${fn}`, { id: 'audit.granted' });
    case 'denied':
      return msg(str`Not allowed: ${fn}`, { id: 'audit.denied' });
    case 'expired':
      return msg(str`No answer, not allowed: ${fn}`, { id: 'audit.expired' });
    case 'revoked':
      return msg(str`Stopped: ${fn}`, { id: 'audit.revoked' });
    case 'used':
    case 'function-used':
      return msg(str`Used: ${fn}`, { id: 'audit.used' });
    case 'use-refused':
      return msg(str`Refused, not allowed: ${fn}`, { id: 'audit.refused' });
    case 'session-created':
      return msg('Session created', { id: 'audit.session-created' });
    case 'customer-queued':
      return msg('You asked for help in the support queue', { id: 'audit.customer-queued' });
    case 'customer-joined':
      return msg('You joined with the code', { id: 'audit.customer-joined' });
    case 'technician-joined':
      return line('technician-joined');
    case 'participant-dropped':
      return e.detail === 'customer' ? msg('Your connection dropped', { id: 'audit.customer-dropped' }) : line('technician-away');
    case 'participant-resumed':
      return line(e.detail === 'customer' ? 'connection-restored' : 'technician-back');
    case 'session-ended':
      return endText(e.actor, e.detail as EndReason);
    default:
      // A change this version does not know (a newer relay): the log's own words.
      return [e.type, fn, e.cause, e.detail].filter(Boolean).join(' · ');
  }
}

/** The transcript as text, UTF-8 with a byte order mark so that every editor shows names in any script correctly. */
export function transcriptText(t: Transcript): string {
  const who = technicianName(t.technician?.name);
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
    describe: (e) => describe(e, who),
  };
  return `\ufeff${formatTranscript(t, labels)}`;
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
