/**
 * What the console keeps across a page reload, in the tab's session storage: the technician's token (so a reload
 * signs in again by itself) and the session it holds (so a reload re-attaches to it, code included while the customer
 * has not used it). Sign-out and the end of the session remove it. Nothing is kept when storage is unavailable.
 */
import type { CodeInfo } from './types.js';

const TOKEN_KEY = 'remote-support-console:token';
const SESSION_KEY = 'remote-support-console:session';
/** The desk's further consoles (desk.ts), by their scope. */
const DESK_KEY = 'remote-support-console:desk';

export interface StoredSession {
  sessionId: string;
  code?: CodeInfo;
}

/** The page's sessionStorage, or null where there is none or it may not be used (Node, sandboxed frames). */
export function defaultStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export class ConsoleStore {
  readonly #storage: Storage | null;
  /** Appended to the keys: one console of a desk keeps its own token and session apart from the others. */
  readonly #scope: string;

  constructor(storage: Storage | null, scope = '') {
    this.#storage = storage;
    this.#scope = scope ? `:${scope}` : '';
  }

  get token(): string | undefined {
    return this.#read(TOKEN_KEY + this.#scope) ?? undefined;
  }

  set token(token: string | undefined) {
    this.#write(TOKEN_KEY + this.#scope, token);
  }

  /** The scopes of the desk's further consoles (desk.ts), in the order they were opened. */
  get desk(): string[] {
    try {
      const value = JSON.parse(this.#read(DESK_KEY) ?? '[]') as unknown;
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && /^[\w-]{1,40}$/.test(v)) : [];
    } catch {
      return [];
    }
  }

  set desk(scopes: string[]) {
    this.#write(DESK_KEY, scopes.length > 0 ? JSON.stringify(scopes) : undefined);
  }

  get session(): StoredSession | undefined {
    const raw = this.#read(SESSION_KEY + this.#scope);
    if (!raw) return undefined;
    try {
      const value = JSON.parse(raw) as unknown;
      return isStoredSession(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  set session(session: StoredSession | undefined) {
    this.#write(SESSION_KEY + this.#scope, session ? JSON.stringify(session) : undefined);
  }

  /** Forgets everything (sign-out). */
  clear(): void {
    this.token = undefined;
    this.session = undefined;
  }

  #read(key: string): string | null {
    try {
      return this.#storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  #write(key: string, value: string | undefined): void {
    try {
      if (value === undefined) this.#storage?.removeItem(key);
      else this.#storage?.setItem(key, value);
    } catch {
      // Full or blocked storage: the console still works, it just cannot survive a reload.
    }
  }
}

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.sessionId !== 'string' || v.sessionId === '') return false;
  if (v.code === undefined) return true;
  const c = v.code as Record<string, unknown> | null;
  return typeof c === 'object' && c !== null && typeof c.code === 'string' && typeof c.joinUrl === 'string' && typeof c.expiresAt === 'number';
}

/** A Storage that lives in memory only (Node, tests, or a console that must leave nothing behind). */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();

  get length(): number {
    return this.#items.size;
  }

  clear(): void {
    this.#items.clear();
  }

  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.#items.delete(key);
  }

  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}
