/**
 * The reboot token (Restart and reconnect): kept in local storage under ONE key, for this purpose only, as
 * `{server, token, expiresAt}`, so that the help page opened again after a restart rejoins the session. It is read
 * only for the same relay, removed once expired, and removed by the session on success, on any refusal, on
 * Disconnect and at the end of the session.
 */
import { storageGet, storageRemove, storageSet } from '../session/resume-store.js';

export const REBOOT_KEY = 'rsw:reboot';

interface Saved {
  server: string;
  token: string;
  expiresAt: number;
}

function defaultLocalStorage(): Storage | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}

export class RebootStore {
  readonly #storage: Storage | null;
  readonly #server: string;

  /** `storage`: undefined = the page's localStorage; null = none (nothing survives a restart then). */
  constructor(server: string, storage?: Storage | null) {
    this.#storage = storage === undefined ? defaultLocalStorage() : storage;
    this.#server = server.trim().replace(/\/+$/, '');
  }

  save(token: string, expiresAt: number): void {
    const saved: Saved = { server: this.#server, token, expiresAt };
    storageSet(this.#storage, REBOOT_KEY, JSON.stringify(saved));
  }

  /** The token for this relay while it is valid; an expired one is removed. */
  get(now = Date.now()): string | undefined {
    const saved = this.#read();
    if (!saved || saved.server !== this.#server) return undefined;
    if (saved.expiresAt <= now) {
      storageRemove(this.#storage, REBOOT_KEY);
      return undefined;
    }
    return saved.token;
  }

  /** Removes the token when it is this relay's (another relay's widget on the same site keeps its own). */
  clear(): void {
    const saved = this.#read();
    if (saved === null || saved?.server === this.#server) storageRemove(this.#storage, REBOOT_KEY);
  }

  /** What is stored: null = something unreadable (removable), undefined = nothing. */
  #read(): Saved | null | undefined {
    const raw = storageGet(this.#storage, REBOOT_KEY);
    if (raw === undefined) return undefined;
    try {
      const saved = JSON.parse(raw) as Partial<Saved> | null;
      if (typeof saved?.server === 'string' && typeof saved.token === 'string' && typeof saved.expiresAt === 'number') {
        return saved as Saved;
      }
    } catch {
      // fall through
    }
    return null;
  }
}
