/** Focus not obscured (src/widget/obscured.ts): whether the widget covers a focused page element, and how far to scroll. */
import { describe, expect, it } from 'vitest';
import { overlaps, scrollToClear, type Rect } from '../../src/widget/obscured.js';

const rect = (left: number, top: number, width: number, height: number): Rect => ({ left, top, right: left + width, bottom: top + height });
/** A 1000×700 viewport with the launcher in the bottom-right corner. */
const launcher = rect(820, 632, 160, 48);

describe('overlaps', () => {
  it('is true for boxes that share area, false for boxes that only touch or are apart', () => {
    expect(overlaps(rect(0, 0, 10, 10), rect(5, 5, 10, 10))).toBe(true);
    expect(overlaps(rect(0, 0, 10, 10), rect(10, 0, 10, 10))).toBe(false);
    expect(overlaps(rect(0, 0, 10, 10), rect(50, 50, 10, 10))).toBe(false);
  });
});

describe('scrollToClear', () => {
  it('is 0 when nothing covers the element', () => {
    expect(scrollToClear(rect(10, 640, 100, 30), [launcher])).toBe(0);
  });

  it('scrolls the element up until it ends above the covering box, with a gap', () => {
    // A link at 650–680 under the launcher (top 632): 680 + 8 − 632 = 56.
    expect(scrollToClear(rect(900, 650, 60, 30), [launcher])).toBe(56);
  });

  it('clears the highest of several covering boxes', () => {
    const indicator = rect(700, 580, 280, 40);
    expect(scrollToClear(rect(900, 600, 60, 40), [launcher, indicator])).toBe(600 + 40 + 8 - 580);
  });

  it('never pushes the top of the element out of the viewport', () => {
    // A tall element under an open box (top 80): it can only go up by its own top.
    expect(scrollToClear(rect(700, 100, 200, 560), [rect(600, 80, 380, 600)])).toBe(100);
  });
});
