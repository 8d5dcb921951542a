/**
 * The remote-support functions of a console session: asking the customer for a function, using the gated actions,
 * and the function modules (the screen viewer, the pointer, the shared file transfers), which follow what the relay
 * says about the session and its grants.
 */
import type { FunctionId } from '../../protocol/functions.js';
import { FileTransfers, type TransferAnswer } from '../../ui/transfers.js';
import { PointerSender } from '../functions/pointer.js';
import { ScreenViewer } from '../functions/screen-viewer.js';
import type { SessionCore } from './connection.js';
import type { ConsoleState, RelayAction, UseEvent } from './types.js';
import { canPoint } from './views.js';

/**
 * How long a file chunk may wait for its acknowledgement: the relay acknowledges only after the customer's browser
 * did (it gives that 30 s).
 */
const CHUNK_ACK_TIMEOUT_MS = 35_000;

/** Transfer states the relay forgets when a connection drops. */
const LIVE_TRANSFER: readonly string[] = ['preparing', 'offered', 'incoming', 'sending', 'receiving', 'verifying'];

export class SessionFunctions {
  readonly #core: SessionCore;
  readonly viewer: ScreenViewer;
  readonly pointer: PointerSender;
  readonly files: FileTransfers;

  constructor(core: SessionCore) {
    this.#core = core;
    this.viewer = new ScreenViewer({
      iceServers: () => core.state.relay?.rtc.iceServers ?? [],
      iceTransportPolicy: () => core.state.relay?.rtc.iceTransportPolicy ?? 'all',
      send: (signal) => void core.link.call('screen:signal', signal),
      onChange: (status) => core.dispatch({ type: 'video', status }),
    });
    this.pointer = new PointerSender({ send: (event) => void core.link.call('control:event', event) });
    this.files = new FileTransfers({
      role: 'technician',
      request: (event, payload) => this.#request(event, payload),
      onChange: (list) => core.dispatch({ type: 'transfers', list }),
      maxBytes: () => core.state.relay?.limits.maxFileBytes,
    });
  }

  /** Asks the customer for `fn`. The grant's state comes from the relay (`consent:update`), never assumed. */
  async request(fn: FunctionId): Promise<boolean> {
    const core = this.#core;
    core.dispatch({ type: 'request-start', fn });
    const res = await core.link.call('consent:request', { fn });
    if (res.ok) core.dispatch({ type: 'request-ok', fn, consent: res.consent });
    else core.dispatch({ type: 'request-failed', fn, error: res.error, now: core.now() });
    return res.ok;
  }

  /** Uses a gated action; the relay passes it on only while its grant is live, and says why when it does not. */
  async use(event: UseEvent): Promise<boolean> {
    const core = this.#core;
    core.dispatch({ type: 'use-start', event });
    const res = await core.link.call(event, {});
    if (res.ok) {
      core.dispatch({ type: 'use-ok', event, now: core.now() });
      if ('expiresAt' in res && typeof res.expiresAt === 'number') core.dispatch({ type: 'reboot-issued', expiresAt: res.expiresAt, now: core.now() });
    } else core.dispatch({ type: 'use-failed', event, error: res.error, now: core.now() });
    return res.ok;
  }

  /** The state changed: pointing is allowed only while remote control is granted on the shared chat tab. */
  stateChanged(state: ConsoleState): void {
    this.pointer.allowed = canPoint(state);
  }

  /** Passes what the relay said on to the function modules (the video, the transfers). */
  follow(action: RelayAction, before: ConsoleState): void {
    const session = this.#core.state.session;
    const held = !!session && session.state === 'active';
    switch (action.event) {
      case 'screen:signal':
        if (held && session.consent.grants['desktop-view'].status === 'granted') void this.viewer.signal(action.payload);
        return;
      case 'screen:state':
        if (action.payload.state === 'stopped') this.viewer.close();
        return;
      case 'audit:entry':
        // The relay also records a stop the customer's side could not announce (it dropped).
        if (action.payload.type === 'screen-stopped') this.viewer.close();
        return;
      case 'file:offer':
        if (held && action.payload.from === 'customer') this.files.offered(action.payload);
        return;
      case 'file:accept':
        this.files.accepted(action.payload.transferId);
        return;
      case 'file:done':
        this.files.done(action.payload.transferId);
        return;
      case 'file:cancel':
        this.files.cancelled(action.payload);
        return;
      case 'session:ended':
        this.viewer.close();
        this.files.abort('ended');
        return;
      case 'consent:update': {
        const lost = (fn: FunctionId) => before.session?.consent.grants[fn].status === 'granted' && session?.consent.grants[fn].status !== 'granted';
        if (lost('desktop-view')) this.viewer.close();
        // The relay cancels the transfers itself and says so; this is for what it had no transfer of yet.
        if (lost('file-transfer')) this.files.abort('revoked');
        return;
      }
      default:
        return;
    }
  }

  /** The connection dropped: the relay cancels a session's transfers when either side drops (and cannot tell us). */
  dropped(): void {
    for (const t of this.#core.state.transfers) {
      if (LIVE_TRANSFER.includes(t.status)) this.files.cancelled({ transferId: t.id, by: 'relay', reason: 'failed' });
    }
  }

  /** The session went to a colleague: its video and transfers stop here (the relay ended the grants). */
  handedOff(): void {
    this.viewer.close();
    this.pointer.hide();
    this.files.clear();
  }

  /** Stops the video, the pointer and the transfers (signing out, the element left the page). */
  stop(): void {
    if (this.#core.state.session?.consent.grants['desktop-view'].status === 'granted') this.viewer.hangUp();
    else this.viewer.close();
    this.pointer.dispose();
    this.files.clear();
  }

  /** A file event for the shared transfers: the relay's answer as `{ok}` or the error code. */
  async #request(event: 'file:offer' | 'file:accept' | 'file:chunk' | 'file:done' | 'file:cancel', payload: Record<string, unknown>): Promise<TransferAnswer> {
    const res = await this.#core.link.call(event, payload as never, event === 'file:chunk' ? CHUNK_ACK_TIMEOUT_MS : undefined);
    return res.ok ? { ok: true } : { ok: false, code: res.error.code };
  }
}
