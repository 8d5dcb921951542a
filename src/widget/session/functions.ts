/**
 * The five functions on the customer's side of a session, as WidgetSession runs them: screen sharing, the
 * technician's pointer (in the reducer), file transfers, system information and the reboot (its token is kept by the
 * session's resume logic, resume.ts). Each does only
 * what the relay's grant allows and stops when it ends. The relay's function events come in through `listen`, the
 * customer's actions through the methods, and every state change through `afterChange`.
 *
 * Screen sharing, file transfers, system information and the peer connection are loaded on demand (chunks of their
 * own): screen sharing when desktop viewing is first asked for, so that it is there by the customer's click.
 */
import type { ClientLimits, FileOffer, FunctionId, Payload, RtcConfig } from '../../protocol/index.js';
import { nextTask } from '../../ui/after-frame.js';
import type { ScreenSignal } from '../../ui/rtc-signal.js';
import type { FileTransfers, TransferEventName, TransferView } from '../../ui/transfers.js';
import type { DisplayMedia, ScreenShare, ScreenShareHost, ScreenStopReason } from '../functions/screen-share.js';
import { LiveUses, type IncomingUse } from './live-uses.js';
import type { WidgetEvent } from './reducer.js';
import type { WidgetSessionOptions, WidgetState } from './types.js';
import { failureCode, type Answer, type CustomerEvent, type PayloadOf, type Unstamped } from './wire.js';
import type { RelaySocket } from './ws-socket.js';

/** The chunks of the functions imported on demand, by function (a test counts or fails their imports). */
export const functionChunks = {
  'system-info': () => import('../functions/sysinfo.js'),
  'file-transfer': () => import('../../ui/transfers.js'),
};

export interface FunctionsHost {
  state(): WidgetState;
  request<E extends CustomerEvent>(name: E, payload: PayloadOf<E>): Promise<Answer<E>>;
  dispatch(event: Unstamped<WidgetEvent>): void;
  /** `consent:revoke` with a reason (a screen share that the browser stopped or never started). */
  revoke(fn: FunctionId, reason: ScreenStopReason): void;
  /** Keeps the reboot token the technician's `reboot:request` gave, for the page opened again after the restart. */
  keepReboot(token: string, expiresAt: number): void;
}

export class SessionFunctions {
  readonly #host: FunctionsHost;
  readonly #screenHost: ScreenShareHost;
  readonly #media: DisplayMedia | undefined;
  #screen: ScreenShare | undefined;
  #screenLoading: Promise<ScreenShare> | undefined;
  #rtc: RtcConfig = { iceServers: [] };
  #limits: ClientLimits | undefined;
  #transfers: Promise<FileTransfers> | undefined;
  /** Files shown not sent because the transfers' chunk did not load (`#notSent`), for their ids. */
  #unsent = 0;
  /** The functions whose chunks were imported ahead of their first use (or tried: a failed one waits for its use). */
  readonly #prefetched = new Set<FunctionId>();
  /** The widget's own gate: a technician's use without a live grant has no effect (live-uses.ts). */
  readonly uses = new LiveUses();

  constructor(host: FunctionsHost, options: Pick<WidgetSessionOptions, 'displayMedia'>) {
    this.#host = host;
    this.#screenHost = {
      iceServers: () => this.#rtc.iceServers,
      iceTransportPolicy: () => this.#rtc.iceTransportPolicy,
      grant: () => host.state().grants['desktop-view'],
      emit: (event: 'screen:signal' | 'screen:state', payload: never) => void host.request(event, payload),
      giveBack: (reason) => host.revoke('desktop-view', reason),
      change: (view) => host.dispatch({ type: 'screen', view }),
    };
    this.#media = options.displayMedia;
  }

  /** Screen sharing's logic, imported once (when desktop viewing is first asked for or granted). */
  #loadScreen(): Promise<ScreenShare> {
    this.#screenLoading ??= import('../functions/screen-share.js').then(
      ({ ScreenShare }) => (this.#screen = new ScreenShare(this.#screenHost, this.#media)),
    );
    return this.#screenLoading;
  }

  /** The relay's WebRTC configuration and limits, from a join, resume or rejoin result. */
  configure(result: { rtc?: RtcConfig; limits?: ClientLimits }): void {
    if (result.rtc) this.#rtc = result.rtc;
    if (result.limits) this.#limits = result.limits;
  }

  /** Takes the relay's function events on `socket` while `current()` says it is the session's socket. */
  listen(socket: RelaySocket, current: () => boolean): void {
    const on = <T>(event: string, handle: (payload: T) => void) =>
      socket.on(event, (payload: T) => {
        if (current() && typeof payload === 'object' && payload !== null) handle(payload);
      });
    /** A technician's use: taken only while the customer's grant for it is live. */
    const use = <T>(event: IncomingUse, handle: (payload: T) => void) => on<T>(event, (payload) => this.allows(event) && handle(payload));
    use<ScreenSignal>('screen:signal', (signal) => this.#screen?.signal(signal));
    use('sysinfo:request', () => void this.#collect());
    use<{ token: string; expiresAt: number }>('reboot:request', ({ token, expiresAt }) => {
      this.#host.keepReboot(token, expiresAt);
      this.#host.dispatch({ type: 'reboot', expiresAt });
    });
    use<FileOffer>('file:offer', (offer) => this.#files((t) => t.offered(offer)));
    use<{ transferId: string }>('file:accept', ({ transferId }) => this.known((t) => t.accepted(transferId)));
    on<{ transferId: string }>('file:done', ({ transferId }) => this.known((t) => t.done(transferId)));
    on<Parameters<FileTransfers['cancelled']>[0]>('file:cancel', (info) => this.known((t) => t.cancelled(info)));
    socket.on('file:chunk', (chunk: Payload<'file:chunk'>, ack: (answer: { ok: boolean }) => void) => {
      if (typeof ack !== 'function') return;
      if (current() && this.#transfers && this.allows('file:chunk')) this.known((t) => t.chunk(chunk, ack));
      else ack({ ok: false });
    });
  }

  /** Whether a technician's use may take effect now (the customer holds its grant live). */
  allows(event: IncomingUse): boolean {
    return this.uses.allows(event, this.#host.state());
  }

  /** Follows the grants and the phase: starts, stops and offers again where needed. */
  afterChange(previous: WidgetState, state: WidgetState): void {
    this.uses.grantsChanged(previous.grants, state.grants);
    // Not loaded yet: nothing is shared, so there is nothing to follow; load it for the customer's click to come.
    if (state.grants['desktop-view'] !== 'none' || state.prompt?.fn === 'desktop-view') void this.#loadScreen().catch(() => undefined);
    this.#prefetch(state);
    if (state.grants['desktop-view'] !== previous.grants['desktop-view']) this.#screen?.grantChanged();
    if (previous.grants['file-transfer'] === 'granted' && state.grants['file-transfer'] !== 'granted') this.known((t) => t.abort('revoked'));
    if (state.phase === 'ended' && previous.phase !== 'ended') {
      this.#screen?.stop(false);
      this.known((t) => t.abort('ended'));
    } else if (state.phase === 'connected') {
      // The technician is back (e.g. their console reloaded), or this widget is back after a drop.
      if (state.technicianPresent && !previous.technicianPresent && previous.phase === 'connected') this.#screen?.reannounce();
      else if (previous.phase === 'reconnecting') this.#screen?.reannounce(true);
    }
  }

  // ── actions ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** Starts screen sharing (synchronously: from the customer's click). `pending`: the Allow is on its way. */
  shareScreen(pending = false): void {
    const grant = this.#host.state().grants['desktop-view'];
    if (grant !== 'granted' && !(pending && grant === 'pending')) return;
    // Normally loaded when the question came; else the browser still counts the click for a few seconds.
    if (this.#screen) this.#screen.start();
    else void this.#loadScreen().then((screen) => screen.start(), () => this.#host.revoke('desktop-view', 'capture-failed'));
  }

  /** The customer ends screen sharing (or everything): tracks stop now, before the relay confirms. */
  stopScreen(): void {
    this.#screen?.stop(true);
  }

  sendFiles(files: Iterable<File>): void {
    if (this.#host.state().grants['file-transfer'] !== 'granted') return;
    for (const file of files) this.#files((t) => t.send(file), () => this.#notSent(file));
  }

  /** `file` could not be offered: the transfers' chunk did not load (offline). Shown failed; the customer can send it again. */
  #notSent(file: File): void {
    const view: TransferView = { id: `unsent-${++this.#unsent}`, direction: 'out', name: file.name, size: file.size, type: file.type, status: 'failed', bytes: 0, reason: 'unreachable' };
    this.#host.dispatch({ type: 'transfers', transfers: [...(this.#host.state().transfers ?? []), view] });
  }

  async answerSysinfo(send: boolean): Promise<void> {
    const items = this.#host.state().sysinfo;
    if (!items) return;
    const res = send ? await this.#host.request('sysinfo:report', { items }) : await this.#host.request('sysinfo:decline', {});
    this.#host.dispatch(res.ok ? { type: 'sysinfo', answer: send ? 'sent' : 'declined' } : { type: 'sysinfo' });
  }

  /** Back to idle or the element left the page: nothing keeps running. */
  reset(): void {
    this.#screen?.stop(false);
    this.known((t) => t.clear());
    this.#transfers = undefined;
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Imports the system-information collector and the file transfers when theirs is asked about or allowed: the
   * chunk is evaluated then, in a task of its own, not in the task of the technician's first request or offer (at a
   * phone's speed the two made a long task). Once per function: one that fails (offline) is imported again only when
   * it is used (`#collect`, `#files`), not at every later change of the state.
   */
  #prefetch(state: WidgetState): void {
    for (const fn of ['system-info', 'file-transfer'] as const) {
      if (this.#prefetched.has(fn) || (state.prompt?.fn !== fn && state.grants[fn] !== 'granted')) continue;
      this.#prefetched.add(fn);
      void functionChunks[fn]().catch(() => undefined);
    }
  }

  /**
   * Shows the customer what would be sent: collected in one task, drawn in the next (at a phone's speed the two
   * together, the time zone's formatter and the preview's first render among them, made a task of 110 ms).
   */
  async #collect(): Promise<void> {
    const { collectSysinfo } = await functionChunks['system-info']();
    const items = await collectSysinfo();
    await nextTask();
    this.#host.dispatch({ type: 'sysinfo', items });
  }

  /**
   * Runs `work` on the transfers (loaded on first use), in the order asked; `failed` when their chunk cannot be loaded
   * (offline), which the next use tries again.
   */
  #files(work: (transfers: FileTransfers) => unknown, failed: () => void = () => undefined): void {
    this.#transfers ??= functionChunks['file-transfer']().then(
      ({ FileTransfers }) =>
        new FileTransfers({
          role: 'customer',
          request: async (event: TransferEventName, payload) => {
            const res = await this.#host.request(event, payload as never);
            return res.ok ? { ok: true } : { ok: false, code: failureCode(res.error) };
          },
          onChange: (transfers) => this.#host.dispatch({ type: 'transfers', transfers }),
          maxBytes: () => this.#limits?.maxFileBytes,
        }),
      (error: unknown) => {
        this.#transfers = undefined;
        throw error;
      },
    );
    void this.#transfers.then(work, failed);
  }

  /** Runs `work` on the transfers if there are any (the customer's accept, decline and cancel among them). */
  known(work: (transfers: FileTransfers) => unknown): void {
    void this.#transfers?.then(work, () => undefined);
  }
}
