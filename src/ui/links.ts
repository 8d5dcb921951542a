/**
 * Finds the web links in chat text: only `http:` and `https:` URLs, as typed (no `www.` guessing, no other schemes).
 * Punctuation that ends a sentence is not part of a link ("see https://example.com/a." links `…/a`), nor is a
 * closing bracket without its opening one ("(https://example.com/x)" links `…/x`). Pure: the result is text pieces,
 * rendered as text by the caller (linkify.ts); nothing here is ever HTML.
 */

export type TextPiece = { text: string; href?: undefined } | { text: string; href: string };

/** A scheme, then anything up to white space or a character that never belongs to a typed URL. */
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`{}|\\^\u00a0\u2000-\u200b\u2028\u2029\u3000]+/giu;
/** Sentence punctuation, also Arabic (، ؛ ؟) and CJK (、 。), quotes and emphasis marks. */
const TRAILING = /[.,;:!?'"\u2019\u201d*_~\u060c\u061b\u061f\u3001\u3002]+$/u;
const PAIRS: Record<string, string> = { ')': '(', ']': '[' };

const count = (text: string, char: string): number => text.split(char).length - 1;

/** The candidate less what ends the sentence around it: trailing punctuation and unbalanced closing brackets. */
function trim(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    const last = url.at(-1);
    const open = last === undefined ? undefined : PAIRS[last];
    if (open !== undefined && count(url, last!) > count(url, open)) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

/**
 * The link target for `url`, or undefined when it is not a valid URL. `CANDIDATE` lets only `http:` and `https:`
 * through, and the URL parser refuses those without a host.
 */
function target(url: string): string | undefined {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

/** `text` cut into plain pieces and links, in order; joined back, the pieces' texts are `text` exactly. */
export function findLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let plain = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trim(match[0]);
    const href = target(url);
    if (href === undefined) continue;
    if (match.index > plain) pieces.push({ text: text.slice(plain, match.index) });
    pieces.push({ text: url, href });
    plain = match.index + url.length;
  }
  if (plain < text.length || pieces.length === 0) pieces.push({ text: text.slice(plain) });
  return pieces;
}
