/**
 * Chat text with its web links as links (links.ts finds them): each link opens in a new tab, with neither the
 * opener nor the referrer passed on. Everything is rendered as text through lit's bindings, never as HTML.
 */
import { html, type TemplateResult } from 'lit';
import { findLinks } from './links.js';

export function linkify(text: string): Array<string | TemplateResult> {
  return findLinks(text).map((piece) =>
    piece.href === undefined
      ? piece.text
      : html`<a href=${piece.href} target="_blank" rel="noopener noreferrer">${piece.text}</a>`,
  );
}

const done = new WeakMap<object, Array<string | TemplateResult>>();

/**
 * `linkify(message.text)`, worked out once per message object: a chat log renders every message again when one
 * arrives, and finding links (a scan and a URL parse per link) in all of them each time grew with the log. Messages
 * are immutable (a change is a new object), so the object is the key.
 */
export function linkifyMessage(message: { readonly text: string }): Array<string | TemplateResult> {
  let pieces = done.get(message);
  if (!pieces) done.set(message, (pieces = linkify(message.text)));
  return pieces;
}
