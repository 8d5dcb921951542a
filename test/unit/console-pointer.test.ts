/**
 * Pointing on the shared tab: the mouse position as a fraction of the video frame (letterbox bars excluded), and a
 * sender that keeps to 20 events a second, sends the last position of a burst, hides the pointer when the mouse
 * leaves the picture, and sends nothing while not allowed.
 */
import { describe, expect, it } from 'vitest';
import { PointerSender, videoPoint, type ControlEvent } from '../../src/console/functions/pointer.js';

const box = { left: 100, top: 50, width: 800, height: 600 };

describe('videoPoint', () => {
  it('maps a 16:9 frame letterboxed into a 4:3 element (bars above and below)', () => {
    // 1600×900 into 800×600: scale 0.5, 800×450, bars of 75 px at the top and bottom.
    expect(videoPoint(100, 125, box, 1600, 900)).toEqual({ x: 0, y: 0 });
    expect(videoPoint(500, 350, box, 1600, 900)).toEqual({ x: 0.5, y: 0.5 });
    expect(videoPoint(900, 575, box, 1600, 900)).toEqual({ x: 1, y: 1 });
    expect(videoPoint(300, 237.5, box, 1600, 900)).toEqual({ x: 0.25, y: 0.25 });
    expect(videoPoint(500, 100, box, 1600, 900)).toBeUndefined();
    expect(videoPoint(500, 600, box, 1600, 900)).toBeUndefined();
  });

  it('maps a tall frame pillarboxed (bars left and right)', () => {
    // 600×900 into 800×600: scale 2/3, 400×600, bars of 200 px on each side.
    expect(videoPoint(300, 50, box, 600, 900)).toEqual({ x: 0, y: 0 });
    expect(videoPoint(700, 650, box, 600, 900)).toEqual({ x: 1, y: 1 });
    expect(videoPoint(200, 300, box, 600, 900)).toBeUndefined();
    expect(videoPoint(800, 300, box, 600, 900)).toBeUndefined();
  });

  it('handles fill, cover and none, and refuses what is outside or has no size', () => {
    expect(videoPoint(300, 200, box, 1600, 900, 'fill')).toEqual({ x: 0.25, y: 0.25 });
    // cover: 1600×900 scaled by 2/3 → 1066.7×600, cropped left and right.
    const cover = videoPoint(500, 350, box, 1600, 900, 'cover')!;
    expect(cover).toEqual({ x: 0.5, y: 0.5 });
    expect(videoPoint(100, 50, box, 1600, 900, 'cover')!.x).toBeCloseTo(0.125, 3);
    // none: the frame at its own size, centred.
    expect(videoPoint(500, 350, box, 400, 300, 'none')).toEqual({ x: 0.5, y: 0.5 });
    expect(videoPoint(200, 350, box, 400, 300, 'none')).toBeUndefined();
    expect(videoPoint(50, 60, box, 1600, 900)).toBeUndefined();
    expect(videoPoint(500, 350, box, 0, 0)).toBeUndefined();
    expect(videoPoint(500, 350, { ...box, width: 0 }, 1600, 900)).toBeUndefined();
  });

  it('rounds to four decimals', () => {
    expect(videoPoint(100 + 800 / 3, 350, box, 1600, 900)).toEqual({ x: 0.3333, y: 0.5 });
  });
});

function sender(allowed = true) {
  let now = 1000;
  const timers: { at: number; callback: () => void; cleared: boolean }[] = [];
  const sent: [number, ControlEvent][] = [];
  const pointer = new PointerSender({
    send: (event) => sent.push([now, event]),
    now: () => now,
    setTimer: (callback, ms) => {
      const timer = { at: now + ms, callback, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  });
  pointer.allowed = allowed;
  /** Moves the clock on, running the timers that are due. */
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => !t.cleared && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cleared = true;
      now = due.at;
      due.callback();
    }
    now = until;
  };
  return { pointer, sent, advance, timers };
}

describe('PointerSender', () => {
  it('sends the first move at once and the last of a burst after 50 ms, never more than 20 a second', () => {
    const { pointer, sent, advance } = sender();
    for (let i = 0; i < 100; i++) {
      pointer.move({ x: i / 100, y: 0.5 });
      advance(5);
    }
    // 500 ms of moves every 5 ms.
    advance(100);
    expect(sent[0]).toEqual([1000, { type: 'pointer', x: 0, y: 0.5 }]);
    expect(sent.at(-1)![1]).toEqual({ type: 'pointer', x: 0.99, y: 0.5 });
    for (let i = 1; i < sent.length; i++) expect(sent[i]![0] - sent[i - 1]![0]).toBeGreaterThanOrEqual(50);
    expect(sent.length).toBeLessThanOrEqual(11);
    expect(sent.length).toBeGreaterThanOrEqual(10);
  });

  it('hides the pointer when the mouse leaves (or is on a bar), once, and not before something was shown', () => {
    const { pointer, sent, advance } = sender();
    pointer.hide();
    pointer.move(undefined);
    expect(sent).toEqual([]);
    pointer.move({ x: 0.1, y: 0.1 });
    advance(60);
    pointer.hide();
    pointer.hide();
    advance(60);
    pointer.move(undefined);
    advance(60);
    expect(sent.map(([, e]) => e)).toEqual([{ type: 'pointer', x: 0.1, y: 0.1 }, { type: 'pointer-hide' }]);
  });

  it('does not repeat the same position, and the last event of a burst wins', () => {
    const { pointer, sent, advance } = sender();
    pointer.move({ x: 0.2, y: 0.2 });
    pointer.move({ x: 0.2, y: 0.2 });
    pointer.move({ x: 0.3, y: 0.3 });
    pointer.hide();
    advance(100);
    expect(sent.map(([, e]) => e)).toEqual([{ type: 'pointer', x: 0.2, y: 0.2 }, { type: 'pointer-hide' }]);
  });

  it('sends nothing while not allowed, and drops what waits when it stops being allowed', () => {
    const { pointer, sent, advance } = sender(false);
    pointer.move({ x: 0.5, y: 0.5 });
    advance(100);
    expect(sent).toEqual([]);

    pointer.allowed = true;
    pointer.move({ x: 0.5, y: 0.5 });
    pointer.move({ x: 0.6, y: 0.6 });
    pointer.allowed = false;
    advance(100);
    pointer.hide();
    advance(100);
    expect(sent.map(([, e]) => e)).toEqual([{ type: 'pointer', x: 0.5, y: 0.5 }]);

    // Allowed again: the customer's side hid the pointer by itself, so the same position is sent again.
    pointer.allowed = true;
    pointer.move({ x: 0.5, y: 0.5 });
    expect(sent).toHaveLength(2);
    pointer.dispose();
    pointer.move({ x: 0.7, y: 0.7 });
    advance(100);
    expect(sent).toHaveLength(2);
  });
});
