/**
 * Revoked technician tokens: a deny list of `jti` values (one token) and `sub` values (every token of a technician),
 * from the `revokedTokens` option and the `revokedTokensFile` (one per line, `#` comments), which is re-read when it
 * changes. A token on the list is refused when a console connects, and a console already connected with one is
 * disconnected as soon as the list names it.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import type { VerifiedToken } from './auth.js';
import { ConfigError } from './options.js';

export interface RevocationOptions {
  entries: readonly string[];
  file?: string;
  logger: Logger;
  /** How often the file is checked for changes, ms. Default 2 s. */
  pollMs?: number;
}

function readList(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

export class RevocationList {
  readonly #fixed: ReadonlySet<string>;
  #fromFile = new Set<string>();
  readonly #file: string | undefined;
  readonly #logger: Logger;
  readonly #listeners: Array<() => void> = [];
  #watching = false;

  constructor({ entries, file, logger, pollMs = 2000 }: RevocationOptions) {
    this.#fixed = new Set(entries);
    this.#file = file;
    this.#logger = logger;
    if (file === undefined) return;
    try {
      this.#fromFile = new Set(readList(file));
    } catch (err) {
      throw new ConfigError(`cannot be read: ${(err as Error).message}`, 'revokedTokensFile');
    }
    watchFile(file, { interval: pollMs, persistent: false }, () => this.#reload());
    this.#watching = true;
  }

  /** True when the token's `jti` or `sub` is revoked. */
  revoked(token: Pick<VerifiedToken, 'jti' | 'sub'>): boolean {
    return [token.jti, token.sub].some((value) => value !== undefined && (this.#fixed.has(value) || this.#fromFile.has(value)));
  }

  /** Calls `listener` after every change of the list. */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  close(): void {
    if (this.#watching && this.#file) unwatchFile(this.#file);
    this.#watching = false;
  }

  #reload(): void {
    try {
      this.#fromFile = new Set(readList(this.#file!));
    } catch (err) {
      // A file being replaced, or removed by mistake: the last list stays in force.
      this.#logger.error({ err: (err as Error).message }, 'revoked tokens file cannot be read; the last list stays in force');
      return;
    }
    this.#logger.info({ entries: this.#fromFile.size }, 'revoked tokens file reloaded');
    for (const listener of this.#listeners) listener();
  }
}
