/**
 * The messages customers left while nobody could chat, as the console lists them: newest first, each once (the list
 * fetched with `inbox:list` and the `inbox:new` announcements may overlap), at most as many as the relay keeps.
 */
import type { LeftMessage } from '../../protocol/index.js';

/** The most the console lists (the relay's default `maxLeftMessages`). */
export const INBOX_LIMIT = 500;

/** `current` with `incoming` merged in: one entry per id, newest first. */
export function mergeInbox(current: readonly LeftMessage[], incoming: readonly LeftMessage[]): LeftMessage[] {
  const byId = new Map<string, LeftMessage>();
  for (const m of [...incoming, ...current]) if (!byId.has(m.id)) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => b.at - a.at).slice(0, INBOX_LIMIT);
}
