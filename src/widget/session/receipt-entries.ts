/**
 * The entries of the customer's receipt, from the audit log: in order, each event once, each with the remote-control
 * wording that applied when it happened. A one-shot use is written twice by the relay (the grant becoming `used`,
 * and `function-used`); the receipt keeps the first. Pure: the sentences are the caller's (receipt.ts).
 */
import type { AuditEntry } from '../../protocol/index.js';
import type { ControlMode } from './control-wording.js';

export interface ReceiptEntry {
  entry: AuditEntry;
  /** How remote control was to be worded at that moment. */
  control: ControlMode;
}

/** The mode after `entry`, given the mode before it (the audit log records the agent's coming and going). */
function controlModeAfter(mode: ControlMode, entry: AuditEntry): ControlMode {
  if (entry.type === 'agent-connected') return 'full';
  if (entry.type === 'agent-disconnected') return 'point';
  return mode;
}

/** The grant change that a `function-used` entry repeats. */
const usedChange = (e: AuditEntry) => e.type === 'consent-changed' && e.to === 'used';

export function receiptEntries(audit: readonly AuditEntry[]): ReceiptEntry[] {
  const sorted = [...audit].sort((a, b) => a.seq - b.seq);
  const out: ReceiptEntry[] = [];
  /** Functions whose `used` grant change is in the receipt and whose `function-used` twin has not come yet. */
  const usedNotRepeated = new Map<string, number>();
  let control: ControlMode = 'point';
  for (const entry of sorted) {
    control = controlModeAfter(control, entry);
    const fn = entry.fn ?? '';
    if (usedChange(entry)) usedNotRepeated.set(fn, (usedNotRepeated.get(fn) ?? 0) + 1);
    if (entry.type === 'function-used' && (usedNotRepeated.get(fn) ?? 0) > 0) {
      usedNotRepeated.set(fn, usedNotRepeated.get(fn)! - 1);
      continue;
    }
    out.push({ entry, control });
  }
  return out;
}

/**
 * A time as the customer reads it: their own time zone and language, to the second, with the zone named (a receipt
 * may be read elsewhere later). An invalid time is an empty string.
 */
export function receiptTime(at: number, locale?: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'long' }).format(date);
}
