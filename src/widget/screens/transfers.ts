/** The session's files (after the end too: a received file can still be saved until the box is closed). */
import { nothing, type TemplateResult } from 'lit';
import { transfersView } from '../function-views.js';
import type { ScreenActions, WidgetView } from './view.js';

export function transfers(v: WidgetView, a: ScreenActions): TemplateResult | typeof nothing {
  const session = a.session();
  return transfersView(
    v.s.transfers,
    {
      accept: (id) => session?.acceptFile(id),
      decline: (id) => session?.declineFile(id),
      cancel: (id) => session?.cancelFile(id),
    },
    v.tag,
  );
}
