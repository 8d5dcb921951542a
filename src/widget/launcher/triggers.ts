/**
 * When the host loads the box (besides a click and the `open` attribute, which the host handles): on the launcher's
 * hover or focus it only prefetches the chunk; it loads the box at once for a `?rsw-code=` link (in a task after the
 * one that drew the launcher), and, after the page has loaded and when the browser is idle, when this tab has a session
 * to resume or a reboot to come back from (their storage keys are read then, not while the page loads, each in an idle
 * period of its own). The host starts watching when it draws the launcher: listeners only, no task of their own.
 */
import { CODE_LENGTH } from '../format.js';
import { REBOOT_KEY, resumeKey } from '../session/resume-store.js';

export interface TriggerActions {
  /** Fetch the box's chunk (nothing shown). */
  prefetch(): void;
  /** Load the box now. */
  load(): void;
}

/**
 * A `?rsw-code=` link with a whole code: as many digits as a code has, in any script (the box reads them with
 * format.ts `normalizeCode`; counting them here keeps its digit mapping out of the launcher).
 */
export function linkedCode(search = location.search): boolean {
  // Most pages have no such link: they are spared the parse and the Unicode pattern (its first use costs the page).
  const link = search.includes('rsw-code') && new URLSearchParams(search).get('rsw-code');
  return !!link && (link.normalize('NFKC').match(/\p{Nd}/gu)?.length ?? 0) >= CODE_LENGTH;
}

/** Whether `area`'s storage holds `key` (false where storage is refused: the getter itself throws then). */
function stored(area: () => Storage, key: string): boolean {
  try {
    return area().getItem(key) !== null;
  } catch {
    return false;
  }
}

/**
 * The session checks, in the order they run: this tab's resume token for `server`, then the page's reboot token. The
 * first read of a storage opens it with a synchronous round trip to the browser (2–3 ms of the page's main thread on
 * a loaded desktop, and one task of 41–163 ms wall at 4× CPU throttling with both in it): one check per idle period.
 */
export function tokenChecks(server: string): (() => boolean)[] {
  return [() => !!server && stored(() => sessionStorage, resumeKey(server)), () => stored(() => localStorage, REBOOT_KEY)];
}

/**
 * Watches `host` (whose `server` says where a resume token would be), from the task that draws its launcher: the
 * listeners at once (the launcher cannot be hovered or focused before it is drawn, and a pointer resting where it
 * appears gets its pointerenter once it is laid out), the link in a task after this one,
 * the storage after the page's load; the returned function stops watching.
 */
export function watchTriggers(host: HTMLElement & { readonly server: string }, actions: TriggerActions): () => void {
  const prefetch = () => actions.prefetch();
  host.addEventListener('pointerenter', prefetch);
  host.addEventListener('focusin', prefetch);
  // Most pages have no link: they are spared the task (and the parse) that one costs.
  const link = location.search.includes('rsw-code') ? setTimeout(() => linkedCode() && actions.load()) : undefined;
  let idle: ReturnType<typeof setTimeout> | number | undefined;
  let checks: (() => boolean)[] | undefined;
  const check = () => {
    idle = undefined;
    checks ??= tokenChecks(host.server);
    if (checks.shift()!()) actions.load();
    else if (checks.length) later();
  };
  const later = () => {
    idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(check, { timeout: 2000 }) : setTimeout(check, 1);
  };
  if (document.readyState === 'complete') later();
  else addEventListener('load', later, { once: true });
  return () => {
    host.removeEventListener('pointerenter', prefetch);
    host.removeEventListener('focusin', prefetch);
    removeEventListener('load', later);
    clearTimeout(link);
    if (typeof idle === 'number' && typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
    else clearTimeout(idle);
  };
}
