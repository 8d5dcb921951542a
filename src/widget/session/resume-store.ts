/**
 * Where the customer's resume token lives during a session: one key per relay in the given Storage (the tab's
 * `sessionStorage` by default), so a reload of the page can resume, and while a resume of it is on its way a second
 * one with that resume's id. Storage that is missing or throws (blocked
 * cookies, private mode, sandboxed frames) falls back to memory; nothing else is ever written. It also keeps, reads and
 * removes the reboot token (Restart and reconnect): in local storage under ONE key, for this purpose only, as
 * `{server, token, expiresAt}`, read only for the same relay and removed once expired. All of this needs no chunk to
 * load, so a network that fails when the technician prepares a restart cannot lose the customer's way back.
 */

import { relayAddress } from '../../ui/connection.js';

const PREFIX = 'rsw:resume:';
/** Appended to a token's key for the key of its resume id. */
const ID = ':id';

/** The one local-storage key of the reboot token. */
export const REBOOT_KEY = 'rsw:reboot';

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
  /** The relay's URL as relays are told apart (`relayAddress`). */
  readonly #address: string;
  #memory: string | undefined;
  #memoryId: string | undefined;
  /** Where a reboot token waits for the restart (null: nowhere). */
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
    this.#address = relayAddress(server);
    this.#key = PREFIX + this.#address;
    this.rebootStorage = rebootStorage === undefined ? defaultStorage('localStorage') : rebootStorage;
  }

  /** Keeps the reboot token of the technician's `reboot:request` for the page opened again after the restart. */
  saveReboot(token: string, expiresAt: number): void {
    storageSet(this.rebootStorage, REBOOT_KEY, JSON.stringify({ server: this.#address, token, expiresAt } satisfies RebootRecord));
  }

  /** The reboot token for this relay while it is valid; an expired one is removed. */
  rebootToken(now = Date.now()): string | undefined {
    const saved = readReboot(this.rebootStorage);
    if (saved?.server !== this.#address) return undefined;
    if (saved.expiresAt > now) return saved.token;
    storageRemove(this.rebootStorage, REBOOT_KEY);
    return undefined;
  }

  /**
   * Removes the reboot token when it is this relay's, or unreadable (another relay's widget on the same site keeps its
   * own): after the rejoin, on any refusal of it, on Disconnect and at the end of the session.
   */
  clearReboot(): void {
    const saved = readReboot(this.rebootStorage);
    if (saved === null || saved?.server === this.#address) storageRemove(this.rebootStorage, REBOOT_KEY);
  }

  get key(): string {
    return this.#key;
  }

  get(): string | undefined {
    return storageGet(this.#storage, this.#key) ?? this.#memory;
  }

  /** Keeps a new token (which starts without a resume id). */
  set(token: string): void {
    this.#memory = token;
    storageSet(this.#storage, this.#key, token);
    this.resumeId = undefined;
  }

  clear(): void {
    this.#memory = undefined;
    storageRemove(this.#storage, this.#key);
    this.resumeId = undefined;
  }

  /**
   * The id sent with every resume of the current token (PROTOCOL §10.2), kept beside it: a page reloaded while a
   * resume's answer was lost retries that resume, and gets the token the answer carried.
   */
  get resumeId(): string | undefined {
    return storageGet(this.#storage, this.#key + ID) ?? this.#memoryId;
  }

  set resumeId(id: string | undefined) {
    this.#memoryId = id;
    if (id) storageSet(this.#storage, this.#key + ID, id);
    else storageRemove(this.#storage, this.#key + ID);
  }
}
