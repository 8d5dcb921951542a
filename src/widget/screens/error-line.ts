/**
 * The error line of the code-entry and ask-for-help forms, with the leave-a-message offer under it. The relay's errors
 * in words (error-text.ts) and the offer (leave-offer.ts) are a part of their own (error-words.ts), loaded when an
 * error is to be shown: the English path open → code → connected → prompt → grants bar shows none.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { LazyPart } from '../lazy-part.js';
import type { WidgetError } from '../session/types.js';
import { unreachableText } from '../strings.js';
import type { ScreenActions, WidgetView } from './view.js';

/** The relay's errors in words and the offer under them (error-words.ts). */
export const errorTextPart = new LazyPart((): Promise<typeof import('./error-words.js')> => import('./error-words.js'));

/** The error for which the words were last asked for. */
let triedFor: WidgetError | undefined;

/**
 * The error line. Its words are a part of their own (error-words.ts): empty the moment they load; where they cannot be
 * loaded, that the service cannot be reached (tried again with the next error), with no offer under it.
 */
export function error(v: WidgetView, a: ScreenActions): TemplateResult {
  const e = v.s.error;
  if (e && e !== triedFor) {
    triedFor = e;
    if (errorTextPart.failed) errorTextPart.retry();
  }
  const words = e && errorTextPart.get(v);
  return html`<p id="error" class="error" role="alert">
      ${!e ? nothing : words ? words.errorText(e, v.now) : errorTextPart.failed ? unreachableText() : nothing}
    </p>
    ${words ? words.leaveOffer(v, a) : nothing}`;
}
