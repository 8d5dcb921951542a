/** Where focus goes in the box: the element for each focus target on the current screen, and the focused element. */
import type { FocusTarget } from './box-actions.js';
import type { WidgetState } from './session/types.js';

/** The focused element, through shadow roots; undefined when nothing is. */
export function deepActive(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/** The box's state and view flags that decide which screen is on show. */
export interface FocusView {
  readonly s: WidgetState;
  open: boolean;
  asking: boolean;
  queue: boolean;
  leaving: string;
}

export function focusTarget(root: ParentNode, focus: FocusTarget, v: FocusView): HTMLElement | null | undefined {
  const s = v.s;
  const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
  if (focus === 'launcher') return $('.launcher');
  if (!v.open) return undefined;
  if (focus === 'confirm') return $('#confirm-cancel');
  if (focus === 'sysinfo') return $('#sysinfo');
  switch (s.phase) {
    case 'idle':
      return $(v.leaving ? 'rsw-leave-message' : v.asking && v.queue ? '#name' : '#code');
    case 'connected':
    case 'reconnecting':
      return s.prompt ? undefined : $('rsw-composer');
    case 'ended':
      return $('#ended');
    default:
      return $('#title');
  }
}
