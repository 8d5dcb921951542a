/**
 * A stand-in for the widget's session logic, implementing the contract in src/widget/session/types.ts, so that the
 * view can be tested on its own: tests set the state the session would report and check what the elements render
 * and which actions they call. (The session logic has its own tests against a real relay.)
 */
import { FUNCTION_IDS, type FunctionId } from '../../src/protocol/functions.js';
import type { GrantStatus } from '../../src/protocol/index.js';
import type {
  Transcript,
  WidgetNotice,
  WidgetSessionLike,
  WidgetSessionOptions,
  WidgetState,
} from '../../src/widget/session/types.js';

export type Call = [name: string, ...args: unknown[]];

export function grants(live: Partial<Record<FunctionId, GrantStatus>> = {}): Record<FunctionId, GrantStatus> {
  return Object.fromEntries(FUNCTION_IDS.map((fn) => [fn, live[fn] ?? 'none'])) as Record<FunctionId, GrantStatus>;
}

export function baseState(extra: Partial<WidgetState> = {}): WidgetState {
  return {
    phase: 'idle',
    technicianPresent: false,
    items: [],
    technicianTyping: false,
    grants: grants(),
    consentVersion: 0,
    control: 'point',
    ...extra,
  };
}

export class FakeSession implements WidgetSessionLike {
  static last: FakeSession | undefined;
  state: WidgetState = baseState();
  readonly calls: Call[] = [];
  readonly options: WidgetSessionOptions;
  transcriptResult: Transcript = { messages: [], audit: [] };
  /** Makes `transcript` reject (the relay could not send it). */
  failTranscript = false;
  /** Makes `decide` reject (delivery failed). */
  failDecide = false;
  #listeners = new Set<(state: WidgetState, notice?: WidgetNotice) => void>();

  constructor(options: WidgetSessionOptions) {
    this.options = options;
    FakeSession.last = this;
  }

  /** Replaces part of the state and notifies, as the real session does after every change. */
  set(extra: Partial<WidgetState>, notice?: WidgetNotice): void {
    this.state = { ...this.state, ...extra };
    for (const listener of this.#listeners) listener(this.state, notice);
  }

  called(name: string): Call[] {
    return this.calls.filter((c) => c[0] === name);
  }

  subscribe(listener: (state: WidgetState, notice?: WidgetNotice) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** What `tryResume` of the next sessions resolves to (true: a session this tab was in came back after a reload). */
  static resumes = false;
  resumeResult = FakeSession.resumes;

  async tryResume(): Promise<boolean> {
    this.calls.push(['tryResume']);
    return this.resumeResult;
  }

  destroy(): void {
    this.calls.push(['destroy']);
    this.#listeners.clear();
  }

  async join(code: string): Promise<void> {
    this.calls.push(['join', code]);
  }

  async joinQueue(name: string, description: string): Promise<void> {
    this.calls.push(['joinQueue', name, description]);
  }

  async leaveQueue(): Promise<void> {
    this.calls.push(['leaveQueue']);
  }

  send(text: string): string {
    this.calls.push(['send', text]);
    return `c${this.calls.length}`;
  }

  retry(clientId: string): void {
    this.calls.push(['retry', clientId]);
  }

  setTyping(typing: boolean): void {
    this.calls.push(['setTyping', typing]);
  }

  async decide(promptId: string, allow: boolean): Promise<void> {
    this.calls.push(['decide', promptId, allow]);
    if (this.failDecide) throw new Error('not delivered');
  }

  async revoke(fn: FunctionId): Promise<void> {
    this.calls.push(['revoke', fn]);
  }

  async stopSharing(): Promise<void> {
    this.calls.push(['stopSharing']);
  }

  async disconnect(): Promise<void> {
    this.calls.push(['disconnect']);
  }

  async transcript(): Promise<Transcript> {
    this.calls.push(['transcript']);
    if (this.failTranscript) throw new Error('not sent');
    return this.transcriptResult;
  }

  reset(): void {
    this.calls.push(['reset']);
    this.set(baseState());
  }

  shareScreen(): void {
    this.calls.push(['shareScreen']);
  }

  sendFiles(files: Iterable<File>): void {
    this.calls.push(['sendFiles', [...files].map((f) => f.name)]);
  }

  acceptFile(id: string): void {
    this.calls.push(['acceptFile', id]);
  }

  declineFile(id: string): void {
    this.calls.push(['declineFile', id]);
  }

  cancelFile(id: string): void {
    this.calls.push(['cancelFile', id]);
  }

  /** What `rate` answers (the relay has it). */
  rateResult = true;

  async rate(score: number, comment: string): Promise<boolean> {
    this.calls.push(['rate', score, comment]);
    return this.rateResult;
  }

  async answerSysinfo(send: boolean): Promise<void> {
    this.calls.push(['answerSysinfo', send]);
  }
}
