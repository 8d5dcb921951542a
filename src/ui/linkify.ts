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
