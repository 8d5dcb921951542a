/**
 * The file entries of the audit log in the technician's language. The relay writes a transfer into an entry's
 * `detail` as `name (size bytes, sha256 hex)`, and a stopped one with `: reason` after it (a code such as `revoked`);
 * the console shows the name, the size in the locale's words, the SHA-256, and the reason as a sentence.
 */
import type { FileCancelReason } from '../protocol/index.js';
import { neutralFileName } from '../ui/file-names.js';
import { cancelStatus } from '../ui/transfers.js';
import { formatBytes } from './format.js';
import { transferStatusText } from './function-strings.js';

/** A transfer as an audit entry's `detail` names it. */
export interface FileDetail {
  name: string;
  size: number;
  sha256: string;
  /** Why it stopped (`file-cancelled` entries), as the relay wrote it. */
  reason?: string;
}

const DETAIL = /^([\s\S]*) \((\d+) bytes, sha256 ([0-9a-f]{64})\)(?:: ([\w-]+))?$/;

/** The transfer in `detail`, or undefined when it is not in the relay's form (then it is shown as it is). */
export function parseFileDetail(detail: string | undefined): FileDetail | undefined {
  const match = DETAIL.exec(detail ?? '');
  if (!match) return undefined;
  const [, name, size, sha256, reason] = match as unknown as [string, string, string, string, string | undefined];
  return { name, size: Number(size), sha256, ...(reason ? { reason } : {}) };
}

/** Unicode isolates: the text between takes its own direction (first strong, or left to right) without reordering what is around. */
const FSI = '\u2068';
const LRI = '\u2066';
const PDI = '\u2069';

/**
 * `name (4.9 kB, SHA-256 …)` in the locale's words; a detail of another form as it is. The name (neutralised like
 * every file name the console shows) and the SHA-256 are isolated, so that in Arabic the parentheses and the size stay
 * where they belong.
 */
export function fileDetailText(detail: string | undefined, locale?: string): string {
  const file = parseFileDetail(detail);
  if (!file) return detail ?? '';
  return `${FSI}${neutralFileName(file.name)}${PDI} (${formatBytes(file.size, locale)}, ${LRI}SHA-256 ${file.sha256}${PDI})`;
}

/** Why a transfer stopped, as a sentence ('' when the entry names no reason). */
export function fileStopText(detail: string | undefined, by: 'customer' | 'technician' | 'relay'): string {
  const reason = parseFileDetail(detail)?.reason as FileCancelReason | undefined;
  return reason ? transferStatusText(cancelStatus(reason), 'out', reason, by) : '';
}
