/**
 * Who may open the technician namespace: a valid, unrevoked token (the relay's own or the identity provider's, see
 * auth.ts), checked on every connection; and, when the deny list changes, this process's consoles whose token it now
 * names are disconnected.
 */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { createTokenVerifier, type Technician, type TokenRefusal, type TokenVerifier, type VerifiedToken } from './auth.js';
import type { ResolvedOptions } from './options.js';
import { RevocationList } from './revocation.js';

type TokenData = { token?: Pick<VerifiedToken, 'jti' | 'sub'> };

export class TechnicianGate {
  readonly #verify: TokenVerifier;
  readonly #revoked: RevocationList;

  constructor(opts: ResolvedOptions, logger: Logger, technicians: Namespace, pollMs?: number) {
    this.#verify = createTokenVerifier(opts.tokenSecret, opts.identityProvider);
    this.#revoked = new RevocationList({ entries: opts.revokedTokens, file: opts.revokedTokensFile, logger, ...(pollMs ? { pollMs } : {}) });
    this.#revoked.onChange(() => {
      for (const socket of technicians.sockets.values()) {
        const token = (socket.data as TokenData).token;
        if (token && this.#revoked.revoked(token)) {
          logger.warn({ socket: socket.id }, 'technician token revoked; console disconnected');
          socket.disconnect(true);
        }
      }
    });
  }

  /** The technician of `token`, or why it is refused (invalid, revoked); remembers the token's ids on `socket`. */
  async admit(socket: Socket, token: unknown): Promise<Technician | TokenRefusal> {
    const verified = await this.#verify(token);
    if ('refused' in verified) return verified;
    if (this.#revoked.revoked(verified)) return { refused: 'revoked' };
    // One object shape for every socket: spreading optional ids gave each technician socket's ids a shape of its own.
    (socket.data as TokenData).token = { jti: verified.jti, sub: verified.sub };
    return verified.technician;
  }

  close(): void {
    this.#revoked.close();
  }
}
