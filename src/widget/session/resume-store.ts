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

/** The tab's sessionStorage, or null where there is none or it may not be used. */
export function defaultStorage(): Storage | null {
  try {
    return (globalThis as { sessionStorage?: Storage }).sessionStorage ?? null;
  } catch {
    return null;
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
    if (this.#storage) {
      try {
        const value = this.#storage.getItem(this.#key);
        if (value !== null) return value;
      } catch {
        // fall through to memory
      }
    }
    return this.#memory;
  }

  set(token: string): void {
    this.#memory = token;
    if (!this.#storage) return;
    try {
      this.#storage.setItem(this.#key, token);
    } catch {
      // memory only
    }
  }

  clear(): void {
    this.#memory = undefined;
    if (!this.#storage) return;
    try {
      this.#storage.removeItem(this.#key);
    } catch {
      // nothing stored
    }
  }
}
