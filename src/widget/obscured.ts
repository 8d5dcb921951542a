/**
 * Focus not obscured (WCAG 2.2, 2.4.11): the widget sits fixed over the bottom corner of the page, so an element of the
 * page that gets focus may lie under it. Plain geometry (test/unit/widget-obscured.test.ts); the element scrolls the
 * page by `scrollToClear`, and gives way (moves to the other corner, or minimises a full-screen box) when that is not
 * enough.
 */

/** A box in viewport coordinates (as `getBoundingClientRect()` gives). */
export interface Rect {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Whether two boxes overlap (touching edges do not). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * How far to scroll the page down for `target` to end `gap` pixels above every box in `covers` that overlaps it: 0
 * when none does. Never so far that the target's top would leave the viewport (the browser stops at the end of the
 * page by itself).
 */
export function scrollToClear(target: Rect, covers: readonly Rect[], gap = 8): number {
  const over = covers.filter((c) => overlaps(target, c));
  if (!over.length) return 0;
  const top = Math.min(...over.map((c) => c.top));
  return Math.max(0, Math.min(target.bottom + gap - top, target.top));
}
