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

/**
 * The launcher's chat icon: a round speech bubble drawn by its stylesheet (`.icon`, launcher.styles.ts), flipped in
 * right-to-left text; the box draws its launcher with it too (box-entry.ts). An element of CSS, not an SVG: the first
 * SVG element of a page costs it the browser's SVG stylesheet and SVG style work at load (about 2 ms of main-thread
 * time on a loaded desktop core, most of the launcher's drawing).
 */
export function chatIcon(): HTMLElement {
  const icon = document.createElement('span');
  icon.className = 'icon mirror';
  icon.setAttribute('aria-hidden', 'true');
  return icon;
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
