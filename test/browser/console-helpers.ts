/** What the console's browser tests share: real clicks, finding buttons by their text, and the axe check. */
import { sendMouse } from '@web/test-runner-commands';
import type { RemoteSupportConsole } from '../../src/console/index.js';
import { accessibleInEveryMode } from './axe.js';

export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A click with the real mouse at the middle of `target` (scrolled into view first). */
export async function realClick(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const r = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

/** A button by its visible text, in the console or one of its parts. */
export function button(el: RemoteSupportConsole, label: string | RegExp, host?: string): HTMLButtonElement {
  const root = host ? el.shadowRoot?.querySelector(host)?.shadowRoot : el.shadowRoot;
  const found = [...(root?.querySelectorAll('button') ?? [])].find((b) =>
    typeof label === 'string' ? text(b) === label : label.test(text(b)),
  );
  if (!found) throw new Error(`no button ${String(label)}${host ? ` in ${host}` : ''}`);
  return found;
}

/**
 * axe-core (WCAG 2.2 A/AA) finds nothing in the console and its parts, light and dark, left to right and right to
 * left.
 */
export function accessible(el: RemoteSupportConsole): Promise<void> {
  return accessibleInEveryMode(
    el,
    async () => {
      await el.updateComplete;
      for (const part of el.shadowRoot!.querySelectorAll('*')) if ('updateComplete' in part) await (part as RemoteSupportConsole).updateComplete;
    },
    '--rsc-bg',
  );
}
