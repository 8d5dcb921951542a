/**
 * The reboot token (Restart and reconnect): kept in local storage under ONE key, for this purpose only, as
 * `{server, token, expiresAt}`, so that the help page opened again after a restart rejoins the session. It is read
 * only for the same relay and removed once expired. The session's ResumeStore writes it (`saveReboot`) and removes it
 * (`clearReboot`), so that neither needs this chunk to load.
 */
import { defaultStorage, readReboot, REBOOT_KEY, relayAddress, storageRemove } from '../session/resume-store.js';

export class RebootStore {
  readonly #storage: Storage | null;
  readonly #server: string;

  /** `storage`: undefined = the page's localStorage; null = none (nothing survives a restart then). */
  constructor(server: string, storage?: Storage | null) {
    this.#storage = storage === undefined ? defaultStorage('localStorage') : storage;
    this.#server = relayAddress(server);
  }

  /** The token for this relay while it is valid; an expired one is removed. */
  get(now = Date.now()): string | undefined {
    const saved = readReboot(this.#storage);
    if (saved?.server !== this.#server) return undefined;
    if (saved.expiresAt > now) return saved.token;
    storageRemove(this.#storage, REBOOT_KEY);
    return undefined;
  }
}
