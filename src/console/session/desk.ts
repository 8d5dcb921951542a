/**
 * The technician's desk: several sessions at once. The relay binds one technician socket to one session (its
 * Caller holds one `sessionId`), so the desk keeps one `ConsoleSession`, with its own socket, per session: the first
 * one (the lobby's) uses the console's usual storage keys, each further one keys of its own (`storageScope`), so a
 * reload re-attaches them all. The desk owns the list and the selection only; every console goes on by itself while
 * another is on show (chat, grants, file transfers), and the desk counts the customer messages not seen yet.
 * A session a colleague hands over (`session:handed`, heard on every socket of the technician) is taken by a console
 * without a session, or a new one. No DOM.
 */
import type { SessionView } from '../../protocol/index.js';
import { ConsoleSession, type ConsoleSessionOptions } from './console-session.js';
import { deskEntry, unreadAfter, type DeskEntry } from './desk-list.js';
import { ConsoleStore, defaultStorage } from './storage.js';
import type { ConsoleAction, ConsoleState } from './types.js';
import { hasLiveSession } from './views.js';

/** The key of the desk's first console (the lobby's, with the usual storage keys). */
export const MAIN = 'main';
/** At most this many consoles (sockets) at once. */
export const MAX_CONSOLES = 8;

export type DeskListener = (state: ConsoleState, action: ConsoleAction | { type: 'desk' }) => void;

interface Slot {
  readonly key: string;
  readonly session: ConsoleSession;
  unread: number;
  handedBy?: string;
  readonly unsubscribe: () => void;
}

export class ConsoleDesk {
  readonly #options: ConsoleSessionOptions;
  readonly #store: ConsoleStore;
  readonly #slots: Slot[] = [];
  readonly #listeners = new Set<DeskListener>();
  /** Sessions handed to this technician that a console has taken (each is announced on every socket). */
  readonly #handed = new Set<string>();
  #selected = MAIN;
  #next = 1;

  constructor(options: ConsoleSessionOptions) {
    this.#options = options;
    this.#store = new ConsoleStore(options.storage === undefined ? defaultStorage() : options.storage);
    this.#add(MAIN);
  }

  /** The console on show. */
  get selected(): ConsoleSession {
    return this.#slot(this.#selected).session;
  }

  get selectedKey(): string {
    return this.#selected;
  }

  /** The state of the console on show. */
  get state(): ConsoleState {
    return this.selected.state;
  }

  /** One entry per console, in the order they were opened. */
  get entries(): DeskEntry[] {
    return this.#slots.map((s) => deskEntry(s.key, s.session.state, s.unread, s.key === this.#selected, s.handedBy));
  }

  /** Whether another console may be opened now (signed in, under the limit). */
  get canOpen(): boolean {
    return this.#slot(MAIN).session.state.connection !== 'signed-out' && this.#slots.length < MAX_CONSOLES;
  }

  get canRestore(): boolean {
    return this.#slot(MAIN).session.canRestore;
  }

  /** Calls `listener` after every change of any console, or of the list and selection (`{ type: 'desk' }`). */
  subscribe(listener: DeskListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  signIn(token: string): Promise<boolean> {
    return this.#slot(MAIN).session.signIn(token);
  }

  /** Signs in again after a reload: the first console, and every further one that was open (each re-attaches). */
  async restore(): Promise<boolean> {
    const restored = await this.#slot(MAIN).session.restore();
    for (const scope of this.#store.desk) {
      if (this.#slots.some((s) => s.key === scope)) continue;
      const slot = this.#add(scope);
      void slot.session.restore();
    }
    this.#persist();
    return restored;
  }

  /** Opens another console (signed in with the same token) and shows it; its lobby can create or pick a session. */
  open(): string | undefined {
    const token = this.#slot(MAIN).session.token;
    if (!this.canOpen || !token) return undefined;
    const slot = this.#add(this.#freshKey());
    this.#persist();
    void slot.session.signIn(token);
    this.select(slot.key);
    return slot.key;
  }

  /** Shows console `key`; its unread messages count as read. */
  select(key: string): void {
    const slot = this.#slots.find((s) => s.key === key);
    if (!slot) return;
    this.#selected = key;
    slot.unread = 0;
    this.#emit({ type: 'desk' });
  }

  /** Closes a further console that holds no live session (the first one stays). False when it may not close. */
  close(key: string): boolean {
    const slot = this.#slots.find((s) => s.key === key);
    if (!slot || key === MAIN || hasLiveSession(slot.session.state)) return false;
    slot.unsubscribe();
    slot.session.signOut();
    slot.session.destroy();
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    if (this.#selected === key) this.#selected = MAIN;
    this.#persist();
    this.#emit({ type: 'desk' });
    return true;
  }

  /** Signs every console out (the further ones close). */
  signOut(): void {
    for (const slot of [...this.#slots].reverse()) {
      if (slot.key === MAIN) continue;
      slot.unsubscribe();
      slot.session.signOut();
      slot.session.destroy();
      this.#slots.splice(this.#slots.indexOf(slot), 1);
    }
    this.#selected = MAIN;
    this.#persist();
    this.#slot(MAIN).session.signOut();
  }

  /** Closes every socket (the element left the page); storage stays, so the next page re-attaches every session. */
  destroy(): void {
    for (const slot of this.#slots) {
      slot.unsubscribe();
      slot.session.destroy();
    }
    this.#listeners.clear();
  }

  #add(key: string): Slot {
    const session = new ConsoleSession({ ...this.#options, ...(key === MAIN ? {} : { storageScope: key }) });
    const stopChanges = session.subscribe((state, action) => this.#changed(slot, state, action));
    const stopHanded = session.onHanded(({ session: handed, from }) => this.#receive(handed, from.name));
    const slot: Slot = {
      key,
      session,
      unread: 0,
      unsubscribe: () => {
        stopChanges();
        stopHanded();
      },
    };
    this.#slots.push(slot);
    return slot;
  }

  #changed(slot: Slot, state: ConsoleState, action: ConsoleAction): void {
    slot.unread = unreadAfter(slot.unread, action, slot.key === this.#selected);
    // Who handed a session over is told until the console holds another one or none.
    if (['handed-off', 'close-session', 'forget-session', 'created', 'picked', 'sign-out'].includes(action.type)) delete slot.handedBy;
    if (slot.key === this.#selected) this.#emit(action);
    else this.#emit({ type: 'desk' });
  }

  /** A colleague handed this technician a session: a console without one takes it (a new one if need be). */
  #receive(session: SessionView, from: string): void {
    if (this.#handed.has(session.id) || this.#slots.some((s) => s.session.state.session?.id === session.id)) return;
    const token = this.#slot(MAIN).session.token;
    let slot = this.#slots.find((s) => !s.session.state.session && !s.session.state.pending && s.session.state.connection === 'connected');
    let ready = Promise.resolve(true);
    if (!slot) {
      if (this.#slots.length >= MAX_CONSOLES || !token) return;
      slot = this.#add(this.#freshKey());
      this.#persist();
      ready = slot.session.signIn(token);
    }
    this.#handed.add(session.id);
    const taker = slot;
    void ready.then(async (connected) => {
      const taken = connected && (await taker.session.take(session.id));
      if (taken) taker.handedBy = from;
      else this.#handed.delete(session.id);
      this.#emit({ type: 'desk' });
    });
  }

  #freshKey(): string {
    let key: string;
    do key = `desk-${this.#next++}`;
    while (this.#slots.some((s) => s.key === key));
    return key;
  }

  #slot(key: string): Slot {
    return this.#slots.find((s) => s.key === key) ?? this.#slots[0]!;
  }

  #persist(): void {
    this.#store.desk = this.#slots.filter((s) => s.key !== MAIN).map((s) => s.key);
  }

  #emit(action: ConsoleAction | { type: 'desk' }): void {
    const state = this.state;
    for (const listener of [...this.#listeners]) listener(state, action);
  }
}
