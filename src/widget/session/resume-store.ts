/**
 * Where the customer's resume token lives during a session: one key per relay in the given Storage (the tab's
 * `sessionStorage` by default), so a reload of the page can resume. Storage that is missing or throws (blocked
 * cookies, private mode, sandboxed frames) falls back to memory; nothing else is ever written.
 */

const PREFIX = 'rsw:resume:';

/** The storage key for a relay URL (trailing slashes do not make a different relay). */
export function resumeKey(server: string): string {
  return `${PREFIX}${server.trim().replace(/\/+$/, '')}`;
}

/** The tab's sessionStorage (or the page's `localStorage`), or null where there is none or it may not be used. */
export function defaultStorage(name: 'sessionStorage' | 'localStorage' = 'sessionStorage'): Storage | null {
  try {
    return (globalThis as { [key in typeof name]?: Storage })[name] ?? null;
  } catch {
    return null;
  }
}

/** `storage.getItem(key)`, undefined when absent or when storage refuses. */
export function storageGet(storage: Storage | null, key: string): string | undefined {
  try {
    return storage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** `storage.setItem`; false when there is no storage or it refuses (full, blocked). */
export function storageSet(storage: Storage | null, key: string, value: string): boolean {
  try {
    storage?.setItem(key, value);
    return !!storage;
  } catch {
    return false;
  }
}

export function storageRemove(storage: Storage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing stored
  }
}

export class ResumeStore {
  readonly #storage: Storage | null;
  readonly #key: string;
  #memory: string | undefined;

  /** `storage`: undefined = the tab's sessionStorage; null = memory only. */
  constructor(server: string, storage: Storage | null | undefined) {
    this.#storage = storage === undefined ? defaultStorage() : storage;
    this.#key = resumeKey(server);
  }

  get key(): string {
    return this.#key;
  }

  get(): string | undefined {
    return storageGet(this.#storage, this.#key) ?? this.#memory;
  }

  set(token: string): void {
    this.#memory = token;
    storageSet(this.#storage, this.#key, token);
  }

  clear(): void {
    this.#memory = undefined;
    storageRemove(this.#storage, this.#key);
  }
}
