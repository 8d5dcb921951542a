/**
 * Where focus goes in the box: after each update to the element that a change asked for (`next`), for each focus
 * target on the current screen; and when what had it went away, back to where it was before a consent prompt took it,
 * else still in the box. A reactive controller of the box (box.ts).
 *
 * The focus moves after the browser's next frame, in a task of its own (ui/after-frame.ts), not in the update's: a
 * `focus()` right after a render lays the page out in the render's task, which made opening the box and the
 * connected screen long tasks on a phone. `placed()` resolves once it has moved (the box's `updateComplete` waits
 * for it). Something else taking the focus meanwhile (the customer, a consent prompt) wins.
 */
import { LitElement, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { afterNextFrame } from '../ui/after-frame.js';
import type { FocusTarget } from './box-actions.js';
import { partsLoading } from './lazy-part.js';
import type { WidgetState } from './session/types.js';

/** The focused element, through shadow roots; undefined when nothing is. */
export function deepActive(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/** The box's state and view flags that decide which screen is on show. */
export interface FocusView {
  readonly s: WidgetState;
  open: boolean;
  asking: boolean;
  queue: boolean;
  leaving: string;
}

export function focusTarget(root: ParentNode, focus: FocusTarget, v: FocusView): HTMLElement | null | undefined {
  const s = v.s;
  const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
  if (focus === 'launcher') return $('.launcher');
  if (!v.open) return undefined;
  if (focus === 'confirm') return $('#confirm-cancel');
  if (focus === 'sysinfo') return $('#sysinfo');
  switch (s.phase) {
    case 'idle':
      return $(v.leaving ? 'rsw-leave-message' : v.asking && v.queue ? '#name' : '#code');
    case 'connected':
    case 'reconnecting':
      return s.prompt ? undefined : $('rsw-composer');
    case 'ended':
      return $('#ended');
    default:
      return $('#title');
  }
}

/** The box as its focus sees it. */
export interface FocusHost extends FocusView, ReactiveControllerHost, Element {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class BoxFocus implements ReactiveController {
  /** Where focus goes after the next render. */
  next: FocusTarget | undefined;
  readonly #host: FocusHost;
  /** Where focus was when a consent prompt took it, to go back there when the prompt closes. */
  #beforePrompt: HTMLElement | undefined;
  #hadFocus = false;
  /** The focus's move after the last update that moved it, once done. */
  #placing: Promise<void> = Promise.resolve();
  /** Counts the updates that move the focus: only the latest one's move happens. */
  #moves = 0;

  constructor(host: FocusHost) {
    this.#host = host;
    host.addController(this);
  }

  /** A consent prompt is about to take focus: where it is now is where it goes back to. */
  prompted(): void {
    this.#beforePrompt ??= deepActive();
  }

  hostUpdate(): void {
    this.#hadFocus = this.#host.matches(':focus-within');
  }

  hostUpdated(): void {
    const host = this.#host;
    const focus = this.next;
    this.next = undefined;
    const target = focus && focusTarget(host.renderRoot, focus, host);
    // The screen or the system information's view is still loading (screens/lazy.ts): focus goes there once drawn.
    if ((focus === 'sysinfo' || focus === 'screen') && !target && host.open && partsLoading().length) this.next = focus;
    if (target) this.#later(async () => {
      // A sub-element rendered just now (the composer) has no field to delegate focus to before its own first render.
      if (target instanceof LitElement) await target.updateComplete;
      if (target.isConnected) target.focus();
    });
    else if (this.#hadFocus) this.#later(() => this.#keep());
  }

  /** Resolves once the focus has moved where the last update asked (at once when none asked). */
  placed(): Promise<void> {
    return this.#placing;
  }

  /**
   * Runs `move` after the next frame, unless a later update moves the focus instead, or another element has taken the
   * focus since this update (the customer clicked elsewhere, a consent prompt took it). Focus that was merely lost
   * meanwhile (what had it was hidden or removed: the browser drops it at the frame) is no reason to stay.
   */
  #later(move: () => void | Promise<void>): void {
    const mine = ++this.#moves;
    const was = deepActive();
    this.#placing = afterNextFrame().then(() => {
      const now = deepActive();
      return mine === this.#moves && (!now || now === was) ? move() : undefined;
    });
  }

  /**
   * Focus was in the box and what had it went away (an answered prompt, a stopped grant): it goes back to where it was
   * before the prompt took it, else it stays in the box.
   */
  async #keep(): Promise<void> {
    const host = this.#host;
    const open = !!host.s.prompt;
    const back = open ? undefined : this.#beforePrompt;
    if (!open) this.#beforePrompt = undefined;
    for (const child of host.renderRoot.querySelectorAll<LitElement>('rsw-consent-prompt, rsw-grants-bar')) await child.updateComplete;
    const active = document.activeElement;
    if (host.matches(':focus-within') || (active && active !== document.body)) return;
    (back?.isConnected ? back : focusTarget(host.renderRoot, host.open ? 'screen' : 'launcher', host))?.focus();
  }
}
