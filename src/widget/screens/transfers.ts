/**
 * The session's files (after the end too: a received file can still be saved until the box is closed), drawn with the
 * functions' views (`views`: function-views.ts, a chunk of its own that the screen loads with the first file).
 */
import { nothing, type TemplateResult } from 'lit';
import type { transfersView } from '../function-views.js';
import type { ScreenActions, WidgetView } from './view.js';

export function transfers(views: { transfersView: typeof transfersView }, v: WidgetView, a: ScreenActions): TemplateResult | typeof nothing {
  const session = a.session();
  return views.transfersView(
    v.s.transfers,
    {
      accept: (id) => session?.acceptFile(id),
      decline: (id) => session?.declineFile(id),
      cancel: (id) => session?.cancelFile(id),
    },
    v.choice.tag,
  );
}
