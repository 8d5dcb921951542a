/**
 * The default store: everything in this process's memory. Single process, no setup.
 *
 * Records are immutable values: the service replaces a record through `updateSession`, it never edits one in place,
 * so reads hand out the stored object itself instead of a copy (chat reads a session for every message). Chat
 * messages are immutable too: the one stored is the one handed out (and sent), never copied.
 *
 * A session's chat keeps its last `maxMessages` messages (sequence numbers go on growing; a `chat:history` from an
 * earlier one starts at the oldest kept, and a client id older than that is no longer recognised as a resend).
 *
 * An ended session stays readable for `retainEndedMs` (its transcript, the webhook's and the customer's download),
 * but its chat can no longer change: it is kept as one JSON text instead of a message object (with its strings) per
 * message and an index of client ids, so that a busy relay's garbage collector has not an hour of ended sessions'
 * messages to walk through. A read then parses it (rare: a transcript after the end).
 */
import type { AuditEntry, ChatMessage, LeftMessage, Role } from '../protocol/index.js';
import { sequentialIds } from './codes.js';
import { DEFAULTS } from './options.js';
import { AUDIT_KEEP_FIRST, AUDIT_KEEP_LAST, type ClaimResult, type MessageDraft, type RelayStore, type SessionRecord } from './store.js';

interface CodeEntry {
  sessionId: string;
  expiresAt: number;
  used: boolean;
}

interface Chat {
  messages: ChatMessage[];
  /** How many of the oldest messages were dropped (the first kept has seq `dropped + 1`). */
  dropped: number;
  /** The kept messages by sender and client id (a map per sender: no key string made and hashed per message). */
  byClientId: Record<Role, Map<string, ChatMessage>>;
}

/** The chat of an ended session: what `messages` was, as JSON. */
interface EndedChat {
  json: string;
  dropped: number;
}

export interface MemoryStoreOptions {
  /** Chat messages kept per session (the oldest go first). Default 1,000. */
  maxMessages?: number;
}


function byClientId(messages: readonly ChatMessage[]): Chat['byClientId'] {
  const index: Chat['byClientId'] = { customer: new Map(), technician: new Map() };
  for (const m of messages) index[m.from].set(m.clientId, m);
  return index;
}

/** How long a burnt or expired code is still recognised as such (then it is simply unknown). */
const CODE_MEMORY_MS = 60 * 60_000;
/**
 * How often codes past their memory are forgotten: at most once a minute, not at every new code (that walked every code
 * of the last hour for each session created, a cost that grew with the relay's load). A claim checks expiry itself.
 */
const CODE_SWEEP_MS = 60_000;

/**
 * The record as it is kept: its own fields copied into a new object, one by one. The service makes a changed record
 * with a spread (`{ ...s, customerConn }`); on V8 an object spread that adds a field gets a hidden class of its own,
 * with its own descriptors (about 400 bytes per session, held for the session's life). Copied in key order from an
 * empty object, records with the same fields share one.
 */
function kept(record: SessionRecord): SessionRecord {
  return Object.assign({}, record);
}

export class MemoryStore implements RelayStore {
  readonly shared = false;
  #sessions = new Map<string, SessionRecord>();
  #codes = new Map<string, CodeEntry>();
  #codesSweptAt = 0;
  /** Sessions not ended, kept up to date as records change: counted at every session created, without walking them. */
  #live = 0;
  #queue: string[] = [];
  #chats = new Map<string, Chat>();
  #endedChats = new Map<string, EndedChat>();
  #audits = new Map<string, AuditEntry[]>();
  #tokens = new Map<string, string>();
  #rebootTokens = new Map<string, { sessionId: string; expiresAt: number }>();
  #messageId = sequentialIds();
  readonly #maxMessages: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxMessages = Math.max(1, options.maxMessages ?? DEFAULTS.chatHistoryLimit);
  }

  /** Messages left by customers, newest first. */
  #left: LeftMessage[] = [];

  async insertSession(record: SessionRecord): Promise<void> {
    if (this.#sessions.has(record.id)) throw new Error(`session ${record.id} exists`);
    this.#sessions.set(record.id, kept(record));
    if (record.state !== 'ended') this.#live++;
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    return this.#sessions.get(id);
  }

  async updateSession(id: string, mutate: (current: SessionRecord) => SessionRecord | undefined): Promise<SessionRecord | undefined> {
    const current = this.#sessions.get(id);
    if (!current) return undefined;
    const mutated = mutate(current);
    const next = mutated && kept(mutated);
    if (next) {
      this.#sessions.set(id, next);
      if (next.state === 'ended' && current.state !== 'ended') {
        this.#live--;
        this.#freezeChat(id);
      } else if (next.state !== 'ended' && current.state === 'ended') this.#live++;
    }
    return next ?? current;
  }

  async liveSessions(): Promise<SessionRecord[]> {
    return [...this.#sessions.values()].filter((s) => s.state !== 'ended');
  }

  async countLive(): Promise<number> {
    return this.#live;
  }

  async deleteSession(id: string): Promise<void> {
    const record = this.#sessions.get(id);
    this.#sessions.delete(id);
    if (record && record.state !== 'ended') this.#live--;
    this.#chats.delete(id);
    this.#endedChats.delete(id);
    this.#audits.delete(id);
    this.#queue = this.#queue.filter((q) => q !== id);
    for (const hash of [record?.resumeHash, record?.previousResumeHash]) if (hash) this.#tokens.delete(hash);
    if (record?.rebootHash) this.#rebootTokens.delete(record.rebootHash);
  }

  async reserveCode(code: string, sessionId: string, expiresAt: number): Promise<boolean> {
    this.#sweepCodes(Date.now());
    // A code is never reissued while it is remembered (live, or burnt/expired within the last hour), so ending an
    // old session can never burn a newer session's code and a late customer never lands in a stranger's session.
    if (this.#codes.has(code)) return false;
    this.#codes.set(code, { sessionId, expiresAt, used: false });
    return true;
  }

  async claimCode(code: string, now: number): Promise<ClaimResult> {
    const entry = this.#codes.get(code);
    if (!entry) return { status: 'invalid' };
    if (entry.used) return { status: 'used' };
    if (entry.expiresAt <= now) return { status: 'expired' };
    entry.used = true;
    return { status: 'ok', sessionId: entry.sessionId };
  }

  #sweepCodes(now: number): void {
    if (now - this.#codesSweptAt < CODE_SWEEP_MS) return;
    this.#codesSweptAt = now;
    for (const [code, entry] of this.#codes) {
      if (entry.expiresAt + CODE_MEMORY_MS < now) this.#codes.delete(code);
    }
  }

  async enqueue(sessionId: string): Promise<void> {
    if (!this.#queue.includes(sessionId)) this.#queue.push(sessionId);
  }

  async dequeue(sessionId: string): Promise<boolean> {
    const index = this.#queue.indexOf(sessionId);
    if (index < 0) return false;
    this.#queue.splice(index, 1);
    return true;
  }

  async queue(): Promise<string[]> {
    return [...this.#queue];
  }

  async appendMessage(sessionId: string, draft: MessageDraft): Promise<{ message: ChatMessage; duplicate: boolean }> {
    // A message that raced the end (the relay checked the session just before it ended) still joins its chat.
    const ended = this.#endedChats.get(sessionId);
    if (ended) {
      const result = this.#append(this.#thaw(sessionId, ended), draft);
      this.#freezeChat(sessionId);
      return result;
    }
    let chat = this.#chats.get(sessionId);
    if (!chat) this.#chats.set(sessionId, (chat = { messages: [], dropped: 0, byClientId: byClientId([]) }));
    return this.#append(chat, draft);
  }

  #append(chat: Chat, draft: MessageDraft): { message: ChatMessage; duplicate: boolean } {
    const sent = chat.byClientId[draft.from];
    const existing = sent.get(draft.clientId);
    if (existing) return { message: existing, duplicate: true };
    // Field by field, not spread: every message then has the same shape, which JSON.stringify (each broadcast and
    // acknowledgement) and the garbage collector handle fastest.
    const message: ChatMessage = { id: this.#messageId(), seq: chat.dropped + chat.messages.length + 1, clientId: draft.clientId, from: draft.from, text: draft.text, at: draft.at };
    chat.messages.push(message);
    sent.set(draft.clientId, message);
    if (chat.messages.length > this.#maxMessages) {
      const oldest = chat.messages.shift()!;
      chat.dropped += 1;
      chat.byClientId[oldest.from].delete(oldest.clientId);
    }
    return { message, duplicate: false };
  }

  async messagesAfter(sessionId: string, seq: number): Promise<ChatMessage[]> {
    const ended = this.#endedChats.get(sessionId);
    const chat = ended ? { messages: JSON.parse(ended.json) as ChatMessage[], dropped: ended.dropped } : this.#chats.get(sessionId);
    return chat ? chat.messages.slice(Math.max(0, seq - chat.dropped)) : [];
  }

  #thaw(sessionId: string, ended: EndedChat): Chat {
    const messages = JSON.parse(ended.json) as ChatMessage[];
    const chat: Chat = { messages, dropped: ended.dropped, byClientId: byClientId(messages) };
    this.#endedChats.delete(sessionId);
    this.#chats.set(sessionId, chat);
    return chat;
  }

  /** The session ended: its chat stays readable, as one text (see the module comment). */
  #freezeChat(sessionId: string): void {
    const chat = this.#chats.get(sessionId);
    if (!chat) return;
    this.#chats.delete(sessionId);
    this.#endedChats.set(sessionId, { json: JSON.stringify(chat.messages), dropped: chat.dropped });
  }

  async appendAudit(sessionId: string, entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
    let log = this.#audits.get(sessionId);
    if (!log) this.#audits.set(sessionId, (log = []));
    const full: AuditEntry = { seq: (log.at(-1)?.seq ?? 0) + 1, ...entry };
    log.push(full);
    if (log.length > AUDIT_KEEP_FIRST + AUDIT_KEEP_LAST) log.splice(AUDIT_KEEP_FIRST, 1);
    return { ...full };
  }

  async audit(sessionId: string): Promise<AuditEntry[]> {
    return (this.#audits.get(sessionId) ?? []).map((e) => ({ ...e }));
  }

  async putResumeToken(hash: string, sessionId: string): Promise<void> {
    this.#tokens.set(hash, sessionId);
  }

  async findResumeToken(hash: string): Promise<string | undefined> {
    return this.#tokens.get(hash);
  }

  async deleteResumeToken(hash: string): Promise<void> {
    this.#tokens.delete(hash);
  }

  async putRebootToken(hash: string, sessionId: string, expiresAt: number): Promise<void> {
    const now = Date.now();
    for (const [key, entry] of this.#rebootTokens) if (entry.expiresAt <= now) this.#rebootTokens.delete(key);
    this.#rebootTokens.set(hash, { sessionId, expiresAt });
  }

  async takeRebootToken(hash: string, now: number): Promise<string | undefined> {
    const entry = this.#rebootTokens.get(hash);
    this.#rebootTokens.delete(hash);
    return entry && entry.expiresAt > now ? entry.sessionId : undefined;
  }

  async deleteRebootToken(hash: string): Promise<void> {
    this.#rebootTokens.delete(hash);
  }

  async addLeftMessage(message: LeftMessage, keep: number): Promise<void> {
    this.#left = [message, ...this.#left].slice(0, keep);
  }

  async leftMessages(): Promise<LeftMessage[]> {
    return [...this.#left];
  }

  async close(): Promise<void> {
    this.#left = [];
    this.#sessions.clear();
    this.#live = 0;
    this.#codes.clear();
    this.#queue = [];
    this.#chats.clear();
    this.#endedChats.clear();
    this.#audits.clear();
    this.#tokens.clear();
    this.#rebootTokens.clear();
  }
}
