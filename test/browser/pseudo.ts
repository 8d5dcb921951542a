/**
 * The pseudo-locale check: with `lang="en-XA"` every text that goes through msg() shows wrapped in ⟦…⟧
 * (scripts/localize.mjs writes that locale from the sources). Whatever a person can see or hear that is neither
 * wrapped nor data (names, chat messages, codes, times, numbers, punctuation) bypassed the translations.
 */
import { waitUntil } from './wait.js';
import { assert } from './chai.js';

export const PSEUDO_LANG = 'en-XA';

/** Attributes whose values are read out or shown. */
const SPOKEN = ['aria-label', 'aria-description', 'aria-valuetext', 'placeholder', 'title', 'alt'];

/** `text` without its ⟦…⟧ parts (nested ones too: a message inside a message). */
export function unwrap(text: string): string {
  let out = text;
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return out;
}

/** What is left of `text` once wrapped texts and `data` are taken out: letters here are untranslated. */
function leftover(text: string, data: readonly string[]): string {
  let rest = unwrap(text);
  for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  return /^[\s\d\p{P}\p{S}]*$/u.test(rest) ? '' : rest.replace(/\s+/g, ' ').trim();
}

function visible(el: Element): boolean {
  return el.checkVisibility({ visibilityProperty: true });
}

/**
 * Texts a person meets in `host` and every shadow root below it (text nodes of rendered elements, screen-reader-only
 * text included, and spoken attributes) that are not wrapped in ⟦…⟧ and are not `data`. `<time>` content is data.
 */
export function untranslated(host: Element, data: readonly string[] = []): string[] {
  const found: string[] = [];
  const visit = (root: ShadowRoot) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Text) {
        const parent = node.parentElement;
        if (!parent || parent.closest('time, style, script') || !visible(parent)) continue;
        const rest = leftover(node.data, data);
        if (rest) found.push(`"${rest}" in <${parent.localName}${parent.className ? `.${parent.className}` : ''}>`);
      } else if (node instanceof Element) {
        if (node.shadowRoot) visit(node.shadowRoot);
        if (!visible(node)) continue;
        for (const name of SPOKEN) {
          const value = node.getAttribute(name);
          const rest = value === null ? '' : leftover(value, data);
          if (rest) found.push(`${name}="${rest}" on <${node.localName}>`);
        }
      }
    }
  };
  if (host.shadowRoot) visit(host.shadowRoot);
  return found;
}

/** The text of `root` and of every shadow root below it (the widget's box is a shadow root inside its launcher's). */
function deepText(root: ShadowRoot | Element): string {
  let out = root.textContent ?? '';
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out += deepText(el.shadowRoot);
  return out;
}

/** Asserts that everything in `host` is translated (after the pseudo-locale has loaded). */
export async function assertAllTranslated(host: Element, what: string, data: readonly string[] = []): Promise<void> {
  // The pseudo-locale loads asynchronously the first time.
  await waitUntil(() => /⟦/.test(host.shadowRoot ? deepText(host.shadowRoot) : ''), `${what}: the pseudo-locale shows`, { timeout: 5_000 });
  assert.deepEqual(untranslated(host, data), [], `${what}: text that is not translated`);
}
