/**
 * Where the customer's resume token lives during a session: one key per relay in the given Storage (the tab's
 * `sessionStorage` by default), so a reload of the page can resume. Storage that is missing or throws (blocked
 * cookies, private mode, sandboxed frames) falls back to memory; nothing else is ever written. It also keeps the
 * reboot token and says whether its key is there (the token is read by functions/reboot-store.ts, with the resume
 * logic).
 */

const PREFIX = 'rsw:resume:';

/** The one local-storage key of the reboot token (functions/reboot-store.ts, loaded with the resume logic). */
export const REBOOT_KEY = 'rsw:reboot';

/** A relay's URL as the widget tells relays apart: trailing slashes do not make a different relay. */
export function relayAddress(server: string): string {
  return server.trim().replace(/\/+$/, '');
}

/** The storage key for a relay URL. */
export function resumeKey(server: string): string {
  return PREFIX + relayAddress(server);
}

/** The reboot token as kept in its key (`ResumeStore.saveReboot`). */
export interface RebootRecord {
  server: string;
  token: string;
  expiresAt: number;
}

/** The reboot token in `storage`: null = something unreadable (removable), undefined = nothing. */
export function readReboot(storage: Storage | null): RebootRecord | null | undefined {
  const raw = storageGet(storage, REBOOT_KEY);
  if (raw === undefined) return undefined;
  try {
    const saved = JSON.parse(raw) as Partial<RebootRecord> | null;
    if (typeof saved?.server === 'string' && typeof saved.token === 'string' && typeof saved.expiresAt === 'number') {
      return saved as RebootRecord;
    }
  } catch {
    // unreadable
  }
  return null;
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
  /** Where a reboot token waits for the restart (functions/reboot-store.ts reads it; null: nowhere). */
  readonly rebootStorage: Storage | null;

  /**
   * `storage`: undefined = the tab's sessionStorage; null = memory only. `rebootStorage`: undefined = the page's
   * localStorage; null = none.
   */
  constructor(
    readonly server: string,
    storage: Storage | null | undefined,
    rebootStorage?: Storage | null,
  ) {
    this.#storage = storage === undefined ? defaultStorage() : storage;
    this.#key = resumeKey(server);
    this.rebootStorage = rebootStorage === undefined ? defaultStorage('localStorage') : rebootStorage;
  }

  /**
   * Keeps the reboot token of the technician's `reboot:request` for the page opened again after the restart, as
   * functions/reboot-store.ts reads it. Here, not with the resume logic, so that no chunk has to load for it: a
   * network that fails right then cannot lose the customer's way back.
   */
  saveReboot(token: string, expiresAt: number): void {
    storageSet(this.rebootStorage, REBOOT_KEY, JSON.stringify({ server: relayAddress(this.server), token, expiresAt } satisfies RebootRecord));
  }

  /**
   * Removes the reboot token when it is this relay's, or unreadable (another relay's widget on the same site keeps its
   * own): after the rejoin, on any refusal of it, on Disconnect and at the end of the session.
   */
  clearReboot(): void {
    const saved = readReboot(this.rebootStorage);
    if (saved === null || saved?.server === relayAddress(this.server)) storageRemove(this.rebootStorage, REBOOT_KEY);
  }

  /** Whether a reboot token (of any relay, valid or not) waits in its key. */
  hasReboot(): boolean {
    return storageGet(this.rebootStorage, REBOOT_KEY) !== undefined;
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
