/** The technician's pointer over the page during a live session (its view is in the functions' chunk). */
import { nothing, type TemplateResult } from 'lit';
import { technicianName } from '../strings.js';
import { functionViewsPart, lazyView } from './lazy.js';
import type { WidgetView } from './view.js';

export function pointer(v: WidgetView): TemplateResult | typeof nothing {
  const { phase, pointer: at, technician } = v.s;
  if (!at || (phase !== 'connected' && phase !== 'reconnecting')) return nothing;
  // A decoration: nothing when its chunk cannot be loaded (the chat shows that failure where it matters).
  return lazyView(functionViewsPart, v, (f) => f.pointerView(at, technicianName(technician?.name)), nothing, true);
}
