/**
 * The chat log part of the widget's reducer: system lines, the customer's own messages on their way, relay-confirmed
 * messages merged by id (else by sender and client id) in sequence order, and the audit entries in order.
 */
import type { AuditEntry, ChatMessage, FunctionId } from '../../protocol/index.js';
import { sentItem } from '../../ui/messages.js';
import type { ChatItem, MessageItem, SystemEvent, SystemItem, WidgetNotice, WidgetState } from './types.js';

export function addSystem(s: WidgetState, event: SystemEvent, at: number, fn?: FunctionId): WidgetState {
  // System items are never removed, so their count makes a key that is unique within the log.
  const item: SystemItem = { kind: 'system', key: `sys-${s.items.filter((i) => i.kind === 'system').length + 1}`, event, at, fn };
  return { ...s, items: [...s.items, item] };
}

/** Changes one of the customer's own messages that the relay does not have yet. */
export function updateOwn(s: WidgetState, clientId: string, change: (m: MessageItem) => MessageItem): WidgetState {
  const index = s.items.findIndex((i) => i.kind === 'message' && i.from === 'customer' && i.clientId === clientId);
  const before = s.items[index] as MessageItem | undefined;
  if (!before || before.status === 'sent') return s;
  const items = [...s.items];
  items[index] = change(before);
  return { ...s, items };
}

/**
 * Puts a relay-confirmed message in the log: updates the item that already shows it (matched by relay id, else by
 * sender and client id) or inserts it in sequence order. A message new to the log is announced.
 */
export function mergeMessage(s: WidgetState, message: ChatMessage, notices: WidgetNotice[]): WidgetState {
  const index = s.items.findIndex(
    (i) => i.kind === 'message' && (i.id === message.id || (i.from === message.from && i.clientId === message.clientId)),
  );
  const item: MessageItem = sentItem(message);
  if (index >= 0) {
    const old = s.items[index] as MessageItem;
    if (old.status === 'sent' && old.id === message.id && old.seq === message.seq && old.at === message.at) return s;
    const items = [...s.items];
    items[index] = item;
    if (inOrder(items, index)) return { ...s, items };
    items.splice(index, 1);
    return { ...s, items: insertMessage(items, item) };
  }
  notices.push({ type: 'message', message: { ...message } });
  return { ...s, items: insertMessage(s.items, item) };
}

/** Inserts before the first message that comes later (a higher seq, or not sent yet); else at the end. */
function insertMessage(items: readonly ChatItem[], item: MessageItem): ChatItem[] {
  const seq = item.seq ?? Number.POSITIVE_INFINITY;
  return insertBefore(items, item, (i) => i.kind === 'message' && (i.seq === undefined || i.seq > seq));
}

/** Whether the message at `index` already sits in sequence order (so it keeps its place in the log). */
function inOrder(items: readonly ChatItem[], index: number): boolean {
  const seq = (items[index] as MessageItem).seq ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < items.length; i++) {
    const other = items[i];
    if (i === index || other?.kind !== 'message') continue;
    const o = other.seq ?? Number.POSITIVE_INFINITY;
    if (i < index && o > seq) return false;
    if (i > index && o < seq) return false;
  }
  return true;
}

export function insertAudit(audit: readonly AuditEntry[], entry: AuditEntry): AuditEntry[] {
  return insertBefore(audit, entry, (a) => a.seq > entry.seq);
}

/** A copy of `list` with `item` before the first element that comes `later`, else at the end. */
function insertBefore<T>(list: readonly T[], item: T, later: (x: T) => boolean): T[] {
  const at = list.findIndex(later);
  return at < 0 ? [...list, item] : [...list.slice(0, at), item, ...list.slice(at)];
}
