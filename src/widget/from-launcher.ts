/**
 * What the launcher shares with the box (launcher/box-loader.ts `Shared`: its stylesheet, icon, language choice and
 * element registration), handed over by `defineBox` (box-entry.ts) before any of the box's elements is defined. The
 * box's modules use it instead of importing copies of the launcher's code.
 */
import type { Shared } from './launcher/box-loader.js';

export let fromLauncher: Shared;

/** Called by each `defineBox`, before it defines any element. */
export function takeFromLauncher(shared: Shared): void {
  fromLauncher = shared;
}
