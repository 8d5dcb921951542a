/**
 * How a customer's resume token turns on `session:resume` (PROTOCOL §10.2). Pure: it runs inside the store's atomic
 * update of the session (presence.ts), so on Redis the check and the turn are one compare-and-set for every process.
 *
 * - The current token resumes, and the answer carries a new one, derived from it with a fresh salt (codes.ts
 *   `deriveSecret`); the token it replaced is spent, the one just used is kept as the previous token.
 * - The previous token answers only a retry of the resume that replaced it (its answer lost or late): within
 *   `resumeRetryMs` of that resume, and from the connection that holds the session now (the same socket asking again)
 *   or with the same `resumeId`. The answer then is the same new token, made again from the previous one, so no
 *   answer the client may still read is spent by another. Anyone else with the previous token gets nothing: a stolen
 *   old token never takes the session from the customer.
 */
import { deriveSecret, hashSecret } from '../codes.js';
import type { SessionRecord } from '../store.js';

/** A resume as the relay got it. */
export interface ResumeAsk {
  /** The token sent, and its hash. */
  token: string;
  hash: string;
  /** The connection it came on. */
  conn: string;
  /** Hash of the `resumeId` sent, if any. */
  attempt: string | undefined;
  now: number;
  /** `resumeRetryMs`. */
  retryMs: number;
  /** A fresh salt, for a new token. */
  salt: string;
}

export interface TokenTurn {
  /** The token for the answer. */
  token: string;
  /** Hashes of the tokens this turn spent (for the token index). */
  spent: string[];
  /** The session with its token fields after the turn. */
  record: SessionRecord;
}

/** The turn of the token `ask` sent; undefined when that token resumes nothing (unknown, spent, or out of its retry). */
export function turnResumeToken(s: SessionRecord, ask: ResumeAsk): TokenTurn | undefined {
  if (s.resumeHash === ask.hash) {
    const token = deriveSecret(ask.token, ask.salt);
    return {
      token,
      spent: s.previousResumeHash === undefined ? [] : [s.previousResumeHash],
      record: {
        ...withoutRetry(s),
        resumeHash: hashSecret(token),
        previousResumeHash: ask.hash,
        previousResumeUntil: ask.now + ask.retryMs,
        resumeSalt: ask.salt,
        ...(ask.attempt === undefined ? {} : { resumeAttemptHash: ask.attempt }),
      },
    };
  }
  if (!isRetry(s, ask) || s.resumeSalt === undefined) return undefined;
  const token = deriveSecret(ask.token, s.resumeSalt);
  // Made again from the previous token it is the current one, unless the record was written otherwise.
  return hashSecret(token) === s.resumeHash ? { token, spent: [], record: s } : undefined;
}

/** Whether `ask` sent the previous token as a retry of the resume that replaced it (see the module comment). */
function isRetry(s: SessionRecord, ask: ResumeAsk): boolean {
  if (s.previousResumeHash !== ask.hash || ask.now > (s.previousResumeUntil ?? 0)) return false;
  return s.customerConn === ask.conn || (ask.attempt !== undefined && ask.attempt === s.resumeAttemptHash);
}

/** The session without a previous token (after a rejoin: no resume to retry). */
export function withoutRetry(s: SessionRecord): SessionRecord {
  const { previousResumeHash: _previous, previousResumeUntil: _until, resumeAttemptHash: _attempt, resumeSalt: _salt, ...rest } = s;
  return rest;
}
