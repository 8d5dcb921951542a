/**
 * Checks of WCAG 2.2 AA criteria that axe-core does not measure, shared by the widget's and the console's
 * accessibility tests: target size (2.5.8), visible focus (2.4.7), reflow at 320 × 256 CSS px (1.4.10). Each returns
 * what fails, as lines naming the state and the element.
 */
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { assert } from './chai.js';
import { deepActive, deepQueryAll, describeElement } from './widget-helpers.js';

/** A walk through every state of a UI: calls `check` with the element and the state's name in each. */
export type StateWalk<E extends Element> = (check: (el: E, state: string) => Promise<void>) => Promise<void>;

/** The elements inside `host`'s shadow tree one can click or focus, shown now (disabled ones are not). */
export function interactive(host: Element): HTMLElement[] {
  return deepQueryAll(host.shadowRoot!, 'button:enabled, a[href], input:enabled, textarea:enabled, select:enabled, [tabindex="0"]').filter(
    (n): n is HTMLElement => n instanceof HTMLElement && n.checkVisibility(),
  );
}

/** Whether `node` is inside `host`'s shadow tree (at any depth). */
export function inside(host: Element, node: Node): boolean {
  for (let root = node.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) if (root.host === host) return true;
  return false;
}

/**
 * Targets smaller than 24 × 24 px. A control inside its `<label>` counts with the label (clicking it works); a link
 * inside a sentence is exempt (2.5.8 "inline").
 */
export function smallTargets(host: Element, state: string): string[] {
  return interactive(host).flatMap((n) => {
    if (n.localName === 'a' && getComputedStyle(n).display === 'inline') return [];
    const r = (n.closest('label') ?? n).getBoundingClientRect();
    return r.width < 24 || r.height < 24 ? [`${state}: ${describeElement(n)} is ${r.width}×${r.height}`] : [];
  });
}

/** Whether the focus ring of `node` shows: an outline at least 2 px wide. */
export function visibleOutline(node: Element): boolean {
  const style = getComputedStyle(node);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}

/** Tabs through `host` from `first` and returns the focused elements that show no focus ring. */
export async function focusWithoutRing(host: Element, first: HTMLElement, state: string): Promise<string[]> {
  const unseen: string[] = [];
  first.focus();
  const seen = new Set<Element>();
  for (let i = 0; i < 60; i++) {
    const active = deepActive();
    if (!active || seen.has(active) || !inside(host, active)) break;
    seen.add(active);
    if (!visibleOutline(active)) unseen.push(`${state}: ${describeElement(active)}`);
    await sendKeys({ press: 'Tab' });
  }
  return seen.size ? unseen : [`${state}: nothing took focus`];
}

/** Sideways scrolling and controls that cannot be scrolled into the `width` × `height` viewport. */
export function outOfReach(host: Element, state: string, width: number, height: number): string[] {
  const problems: string[] = [];
  if (document.documentElement.scrollWidth > width) problems.push(`${state}: the page scrolls sideways`);
  for (const scroller of deepQueryAll(host.shadowRoot!, '*')) {
    if (scroller.scrollWidth > scroller.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) {
      problems.push(`${state}: ${describeElement(scroller)} scrolls sideways`);
    }
  }
  for (const n of interactive(host)) {
    // Something taller than the viewport (a scrolling log) is in reach when its top is.
    const tall = n.getBoundingClientRect().height > height;
    n.scrollIntoView({ block: tall ? 'start' : 'nearest', inline: 'nearest' });
    const r = n.getBoundingClientRect();
    if (r.left < -0.5 || r.right > width + 0.5 || r.top < -0.5 || (tall ? r.top > height : r.bottom > height + 0.5)) {
      problems.push(`${state}: ${describeElement(n)} out of reach at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
  }
  return problems;
}

/** No target smaller than 24 × 24 px in any state of `walk`. */
export async function assertTargetSizes<E extends Element>(walk: StateWalk<E>): Promise<void> {
  const small: string[] = [];
  await walk(async (el, state) => void small.push(...smallTargets(el, state)));
  assert.deepEqual(small, []);
}

/**
 * A focus ring on every control met by tabbing from `first(el, state)` in every state of `walk`, with forced colours
 * off and on (put back off afterwards).
 */
export async function assertFocusRings<E extends Element>(
  walk: StateWalk<E>,
  first: (el: E, state: string) => HTMLElement = (el) => interactive(el)[0]!,
): Promise<void> {
  try {
    for (const forcedColors of ['none', 'active'] as const) {
      await emulateMedia({ forcedColors });
      const unseen: string[] = [];
      await walk(async (el, state) => void unseen.push(...(await focusWithoutRing(el, first(el, state), state))));
      assert.deepEqual(unseen, [], `no visible focus, forced colours ${forcedColors}`);
    }
  } finally {
    await emulateMedia({ forcedColors: 'none' });
  }
}

/** Nothing scrolls sideways and every control is in reach at `width` × `height` in every state of `walk`. */
export async function assertReflow<E extends Element>(walk: StateWalk<E>, width: number, height: number): Promise<void> {
  const problems: string[] = [];
  await walk(async (el, state) => void problems.push(...outOfReach(el, state, width, height)));
  assert.deepEqual(problems, []);
}
