/**
 * When a session next has something due: its code expires, a dropped participant's grace period ends, or a consent
 * prompt or re-confirmation falls due. The relay process that set a timer for it usually handles it; a shared store
 * also keeps this time so that another process handles it if that one died (see cluster.ts).
 */
import { nextDeadline } from '../protocol/index.js';
import type { SessionRecord } from './store.js';

export function nextDue(s: SessionRecord, resumeGraceMs: number): number | undefined {
  if (s.state === 'ended') return undefined;
  const times: number[] = [];
  if (s.state === 'open' && s.codeExpiresAt !== undefined) times.push(s.codeExpiresAt);
  if (!s.customerPresent && s.customerDroppedAt !== undefined) times.push(s.customerDroppedAt + resumeGraceMs);
  if (!s.technicianPresent && s.technicianDroppedAt !== undefined) times.push(s.technicianDroppedAt + resumeGraceMs);
  const consent = nextDeadline(s.consent);
  if (consent !== undefined) times.push(consent);
  return times.length > 0 ? Math.min(...times) : undefined;
}
