/** What `<remote-support-widget>` reads from its attributes and state: plain functions, no DOM rendering. */
import { FUNCTION_IDS, isFunctionId, type FunctionId } from '../protocol/functions.js';
import type { WidgetState } from './session/types.js';

/** Milliseconds until a rate-limited customer may try again. */
export function retryIn(s: WidgetState, now: number): number {
  const e = s.error;
  return e?.code === 'rate-limited' ? e.at + (e.retryAfter ?? 0) - now : 0;
}

/** The functions listed in the `functions` attribute, in their usual order; all when it lists none. */
export function listedFunctions(functions: string): FunctionId[] {
  const listed = functions.split(/[\s,]+/).filter(isFunctionId);
  return listed.length ? FUNCTION_IDS.filter((fn) => listed.includes(fn)) : [...FUNCTION_IDS];
}

/** The terms URL when it is an http(s) URL (anything else, e.g. `javascript:`, is ignored). */
export function termsHref(termsUrl: string): string | undefined {
  if (!termsUrl) return undefined;
  try {
    const url = new URL(termsUrl, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** True when the relay is reached over TLS. */
export function isSecure(server: string): boolean {
  try {
    return /^(https|wss):$/.test(new URL(server, document.baseURI).protocol);
  } catch {
    return false;
  }
}
