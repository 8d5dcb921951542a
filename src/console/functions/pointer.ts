/**
 * Pointing at the customer's shared tab: where the technician's mouse is on the video, as a fraction (0..1) of the
 * video frame, and a sender that passes those positions on at most 20 times a second. Plain TypeScript (no DOM): the
 * element measures, the session sends. Nothing here is ever a click or a key press on the customer's side; the widget
 * only draws a pointer.
 */

export type ControlEvent = { type: 'pointer'; x: number; y: number } | { type: 'pointer-hide' };

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** How the video frame is fitted into its element (CSS `object-fit`; the position is the default, centred). */
export type ObjectFit = 'contain' | 'cover' | 'fill' | 'none' | 'scale-down';

/**
 * The point of the video frame under (`clientX`, `clientY`), 0..1 from the frame's top left, taking the letterbox
 * bars of `object-fit: contain` into account. `undefined` when the mouse is on a bar, outside the element, or the
 * video has no size yet.
 */
export function videoPoint(clientX: number, clientY: number, box: Box, videoWidth: number, videoHeight: number, fit: ObjectFit = 'contain'): Point | undefined {
  if (videoWidth <= 0 || videoHeight <= 0 || box.width <= 0 || box.height <= 0) return undefined;
  let scale: number;
  switch (fit) {
    case 'fill':
      return within((clientX - box.left) / box.width, (clientY - box.top) / box.height);
    case 'cover':
      scale = Math.max(box.width / videoWidth, box.height / videoHeight);
      break;
    case 'none':
      scale = 1;
      break;
    case 'scale-down':
      scale = Math.min(1, box.width / videoWidth, box.height / videoHeight);
      break;
    default:
      scale = Math.min(box.width / videoWidth, box.height / videoHeight);
  }
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  const x = clientX - box.left;
  const y = clientY - box.top;
  // Only the part of the frame inside the element can be under the mouse.
  if (x < 0 || y < 0 || x > box.width || y > box.height) return undefined;
  return within((x - (box.width - width) / 2) / width, (y - (box.height - height) / 2) / height);
}

function within(x: number, y: number): Point | undefined {
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return undefined;
  // Four decimals are finer than any screen's pixels and keep the events short.
  return { x: Math.round(x * 1e4) / 1e4, y: Math.round(y * 1e4) / 1e4 };
}

export interface PointerSenderOptions {
  send: (event: ControlEvent) => void;
  /** Least time between two events, ms (default 50: at most 20 a second). */
  minIntervalMs?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Sends the latest pointer position (or that the pointer left the picture), throttled: a burst of moves becomes one
 * event now and one with the last position when the interval is over. Sends nothing while not `allowed`; when it stops
 * being allowed the customer's side hides the pointer by itself (revoked, or no longer sharing this tab).
 */
export class PointerSender {
  readonly #send: (event: ControlEvent) => void;
  readonly #interval: number;
  readonly #now: () => number;
  readonly #setTimer: (callback: () => void, ms: number) => unknown;
  readonly #clearTimer: (timer: unknown) => void;
  #allowed = false;
  /** What should be on the customer's side, not sent yet. */
  #latest: ControlEvent | undefined;
  /** What was sent last (`pointer-hide` when nothing is shown). */
  #shown: ControlEvent = { type: 'pointer-hide' };
  #lastSentAt = -Infinity;
  #timer: unknown;

  constructor(options: PointerSenderOptions) {
    this.#send = options.send;
    this.#interval = options.minIntervalMs ?? 50;
    this.#now = options.now ?? (() => performance.now());
    this.#setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  get allowed(): boolean {
    return this.#allowed;
  }

  set allowed(allowed: boolean) {
    if (allowed === this.#allowed) return;
    this.#allowed = allowed;
    if (!allowed) {
      this.#cancel();
      this.#shown = { type: 'pointer-hide' };
    }
  }

  /** The mouse is over the frame at `point`, or off it (`undefined`). */
  move(point: Point | undefined): void {
    this.#queue(point ? { type: 'pointer', x: point.x, y: point.y } : { type: 'pointer-hide' });
  }

  /** The mouse left the video. */
  hide(): void {
    this.#queue({ type: 'pointer-hide' });
  }

  /** Stops without sending anything more. */
  dispose(): void {
    this.allowed = false;
  }

  #queue(event: ControlEvent): void {
    if (!this.#allowed) return;
    this.#latest = same(event, this.#shown) ? undefined : event;
    if (!this.#latest || this.#timer !== undefined) return;
    const wait = this.#lastSentAt + this.#interval - this.#now();
    if (wait <= 0) this.#flush();
    else this.#timer = this.#setTimer(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    const event = this.#latest;
    this.#latest = undefined;
    if (!event || !this.#allowed) return;
    this.#lastSentAt = this.#now();
    this.#shown = event;
    this.#send(event);
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
    this.#latest = undefined;
  }
}

function same(a: ControlEvent, b: ControlEvent): boolean {
  return a.type === b.type && (a.type === 'pointer-hide' || (b.type === 'pointer' && a.x === b.x && a.y === b.y));
}
