/**
 * Short-lived TURN credentials for one participant, in the TURN REST API scheme that coturn implements with
 * `use-auth-secret` / `static-auth-secret`: username = "<expiry, unix seconds>:<participant>", credential =
 * base64(HMAC-SHA1(secret, username)). The TURN server recomputes the HMAC and refuses expired usernames, so the
 * browser holds a password that works only for this participant and only until the expiry; the secret stays here.
 */
import { createHmac } from 'node:crypto';
import type { IceServer, RtcConfig } from '../protocol/index.js';
import type { Caller } from './session/index.js';

export interface TurnSettings {
  turnUrls: readonly string[];
  turnSecret?: string;
  turnTtlMs: number;
  iceTransportPolicy: 'all' | 'relay';
}

/** The TURN server entry for `participant` (no `:` in it), valid for `ttlMs` from `now`. */
export function turnCredentials(urls: readonly string[], secret: string, participant: string, ttlMs: number, now = Date.now()): Required<IceServer> {
  const username = `${Math.floor((now + ttlMs) / 1000)}:${participant}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { urls: [...urls], username, credential };
}

/** `rtc` as the relay's options give it (static `iceServers`), plus this participant's own TURN entry and the policy. */
export function participantRtc(rtc: RtcConfig, settings: TurnSettings, participant: string, now = Date.now()): RtcConfig {
  const { turnUrls, turnSecret, turnTtlMs, iceTransportPolicy } = settings;
  const turn = turnUrls.length > 0 && turnSecret ? [turnCredentials(turnUrls, turnSecret, participant, turnTtlMs, now)] : [];
  // `all` is every browser's default: only `relay` needs saying.
  return { ...rtc, iceServers: [...rtc.iceServers, ...turn], ...(iceTransportPolicy === 'relay' ? { iceTransportPolicy } : {}) };
}

/**
 * What the pipeline does to every immediate answer: a result that carries `rtc` (join, create, attach, pick, resume…)
 * gets this participant's own TURN credentials in it, named after its role and session.
 */
export function rtcForCaller(settings: TurnSettings): (caller: Caller, result: unknown) => unknown {
  return (caller, result) => {
    if (typeof result !== 'object' || result === null || !('rtc' in result) || (result as { ok?: unknown }).ok !== true) return result;
    const participant = `${caller.role}-${caller.sessionId ?? caller.conn}`;
    return { ...result, rtc: participantRtc(result.rtc as RtcConfig, settings, participant) };
  };
}
