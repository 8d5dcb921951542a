/**
 * Focus not obscured (2.4.11): a page element that gets focus under the box, the launcher or the indicator is
 * scrolled clear of them; where the page cannot scroll that far, a full-screen box is minimised and the widget moves
 * to the other corner (`aside`) until focus goes elsewhere.
 */
import { overlaps, scrollToClear } from '../obscured.js';

/** What of the widget `unobscure` needs. */
export interface Obscuring extends HTMLElement {
  readonly open: boolean;
  readonly updateComplete: Promise<unknown>;
  hide(): void;
}

/** Handles a `focusin` of the page for `host`; `covers` gives the widget's visible parts. */
export function unobscure(e: FocusEvent, host: Obscuring, covers: () => Iterable<Element>): void {
  const target = e.composedPath()[0];
  if (!(target instanceof Element) || e.composedPath().includes(host)) return;
  host.toggleAttribute('aside', false);
  const rects = () => [...covers()].map((c) => c.getBoundingClientRect());
  const covered = () => rects().some((c) => overlaps(target.getBoundingClientRect(), c));
  if (!covered()) return;
  scrollBy({ top: scrollToClear(target.getBoundingClientRect(), rects()), behavior: 'instant' });
  if (host.open && covered() && matchMedia('(max-width: 479.98px)').matches) host.hide();
  void host.updateComplete.then(() => host.toggleAttribute('aside', covered()));
}
