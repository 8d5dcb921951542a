/**
 * What the host draws before the box is loaded, with DOM calls and `textContent` only (no lit, no HTML parsing): the
 * launcher button (the same markup and classes as the box's, screens/header.ts, which has its icon from here) and, when the box's files could not
 * be loaded, a message with Retry.
 */
import { FAILURE_TEXTS } from './texts.js';

/** The texts the host shows, by message id (the locale files' `templates` have them under the same ids). */
export interface LauncherTexts {
  title: string;
  'launcher.failed': string;
  'launcher.retry': string;
}

/** English, the source language (the failure's texts in every language: texts.ts). */
export const ENGLISH: LauncherTexts = { title: 'Remote support', ...FAILURE_TEXTS.en };

const SVG = 'http://www.w3.org/2000/svg';
/** The chat icon's path (24×24 viewBox, stroked). */
const CHAT_ICON = 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z';

/** The launcher's chat icon, flipped in right-to-left text; the box draws its launcher with it too (box-entry.ts). */
export function chatIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'mirror');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', CHAT_ICON);
  svg.append(path);
  return svg;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.addEventListener('click', onClick);
  const label = document.createElement('span');
  label.textContent = text;
  b.append(label);
  return b;
}

/** The round launcher button. */
export function launcherView(texts: LauncherTexts, open: () => void): HTMLButtonElement {
  const b = button(texts.title, open);
  b.className = 'launcher';
  b.setAttribute('part', 'launcher');
  b.setAttribute('aria-expanded', 'false');
  b.prepend(chatIcon());
  return b;
}

/** The box's place when its files could not be loaded: what happened, and Retry. */
export function failedView(texts: LauncherTexts, retry: () => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'failed';
  box.setAttribute('part', 'panel');
  box.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.textContent = texts['launcher.failed'];
  box.append(p, button(texts['launcher.retry'], retry));
  return box;
}
