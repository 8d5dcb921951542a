/**
 * Work that needs the page's layout, done after the browser has drawn a frame rather than right after the DOM change
 * that made the layout stale: a `focus()` (or a read of an element's size) right after a render makes the browser lay
 * the page out in the middle of that render's task, which at a phone's speed made the task a long one (> 50 ms). After
 * the frame the layout is fresh, and the work runs in a task of its own.
 */

/**
 * Resolves in a task of its own (a timer's): what comes after it is not part of the task that ran before it, so that
 * a chunk's evaluation, its elements' definition and a first render, each short, do not add up to one long task.
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));

/** The timers this needs (the browser's by default; a test gives its own). */
export interface FrameClock {
  requestAnimationFrame(callback: () => void): unknown;
  setTimeout(callback: () => void, ms?: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserClock: FrameClock = {
  requestAnimationFrame: (callback) => requestAnimationFrame(callback),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Resolves in a task after the browser's next frame (an animation frame's callbacks come before its layout: the task
 * after them comes after it). A page that draws no frames (a hidden tab) gets it after `fallbackMs` instead.
 */
export function afterNextFrame(fallbackMs = 100, clock: FrameClock = browserClock): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const next = (): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(fallback);
      clock.setTimeout(resolve, 0);
    };
    const fallback = clock.setTimeout(next, fallbackMs);
    clock.requestAnimationFrame(next);
  });
}
