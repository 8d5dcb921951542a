/**
 * The parts of the box that are not on the English path open → code → connected → prompt → grants bar, each in a
 * chunk of its own (lazy-part.ts): the end screen with the rating form, the functions' views (files, system
 * information, restart notice, pointer), the transcript and the background notifications. A part that is still
 * loading draws `loading`; one that could not be loaded says so with Retry, as the launcher does when the box itself
 * cannot be loaded.
 */
import { msg } from '@lit/localize';
import { adoptStyles, html, nothing, type CSSResult, type ReactiveElement, type TemplateResult } from 'lit';
import { nextTask } from '../../ui/after-frame.js';
import type { FunctionId } from '../../protocol/index.js';
import { LazyPart, partsLoading, type PartHost } from '../lazy-part.js';
import type { WidgetState } from '../session/types.js';

let registry: CustomElementRegistry | undefined;

/** Where the parts define their elements: the box's registry (box.ts sets it when it is defined). */
export function setPartsRegistry(r: CustomElementRegistry): void {
  registry = r;
}

/** The end screen (receipt of what happened, the transcript download, the rating form). */
export const endedPart = new LazyPart((): Promise<typeof import('./ended.js')> =>
  import('./ended.js').then(async (m) => {
    // The chunk's evaluation and the definition of its elements in a task each (then the first render, lazy-part.ts).
    await nextTask();
    m.defineEndedParts(registry ?? customElements);
    return m;
  }),
);

/**
 * The functions' views in the chat: file transfers, system information, the restart notice, the pointer (their
 * styles with them: `partStyles`), and the prompts of every function but screen viewing (screens/chat.ts).
 */
export const functionViewsPart = new LazyPart((): Promise<typeof import('../function-views.js')> => import('../function-views.js'));

/** The background notifications (lazy-attention.ts), loaded when the customer looks elsewhere. */
export const attentionPart = new LazyPart((): Promise<typeof import('../attention-part.js')> => import('../attention-part.js'));

/** The support queue's screens: asking for help without a code, and waiting for a technician. */
export const queuePart = new LazyPart((): Promise<typeof import('./queue.js')> => import('./queue.js'));

/** The functions whose views (`functionViewsPart`) show in the chat; remote control's prompt is worded there too. */
const VIEWED: readonly FunctionId[] = ['file-transfer', 'system-info', 'reboot', 'remote-control'];

/**
 * Starts loading the parts the customer is about to see, so that a chunk's evaluation is not in the task that first
 * draws it (at a phone's speed the two made a long task): the functions' views when one of theirs is asked about or
 * allowed, the end screen when the customer is asked to confirm the end. Each is loaded once (lazy-part.ts).
 */
export function prefetchParts(s: Pick<WidgetState, 'prompt' | 'grants'>, confirmingEnd: boolean): void {
  if (VIEWED.some((fn) => s.prompt?.fn === fn || s.grants[fn] === 'granted')) functionViewsPart.get();
  if (confirmingEnd) endedPart.get();
}

/** `update()` (the box's own), then again after each part it drew has loaded (or failed) and been drawn. */
export async function partsDrawn(update: () => Promise<boolean>): Promise<boolean> {
  let done = await update();
  for (let loading = partsLoading(); loading.length; loading = partsLoading()) {
    await Promise.allSettled(loading);
    done = await update();
  }
  return done;
}

type Drawn = TemplateResult | typeof nothing;

/** The box's message when a part's file could not be loaded, with Retry (the launcher's texts, launcher/texts.ts). */
export function partFailed(retry: () => void): TemplateResult {
  return html`<div class="notice part-failed" role="alert">
    <p>${msg('Remote support could not be loaded. Check your connection, then try again.', { id: 'launcher.failed' })}</p>
    <div class="row"><button type="button" @click=${retry}>${msg('Try again', { id: 'launcher.retry' })}</button></div>
  </div>`;
}

const adopted = new WeakMap<ShadowRoot, Set<CSSResult>>();

/**
 * Adds a part's styles to the shadow root of `host` (once each), after the box's own: lit's `adoptStyles` with the
 * element's styles and every part's adopted so far.
 */
function addPartStyles(host: PartHost, styles: readonly CSSResult[]): void {
  const root = host.renderRoot;
  if (!(root instanceof ShadowRoot)) return;
  const done = adopted.get(root) ?? new Set<CSSResult>();
  if (styles.every((style) => done.has(style))) return;
  for (const style of styles) done.add(style);
  adopted.set(root, done);
  adoptStyles(root, [...(host.constructor as typeof ReactiveElement).elementStyles, ...done]);
}

/**
 * `draw(module)` once `part` is loaded (starting the import, after which `host` redraws), with the part's own styles
 * (`partStyles`) added to the host's; `loading` meanwhile; the failure with Retry if it could not be loaded (`quiet`:
 * nothing instead, for a decoration such as the pointer).
 */
export function lazyView<M>(part: LazyPart<M>, host: PartHost, draw: (m: M) => Drawn, loading: Drawn = nothing, quiet = false): Drawn {
  const module = part.get(host);
  const styles = (module as { partStyles?: readonly CSSResult[] } | undefined)?.partStyles;
  if (styles) addPartStyles(host, styles);
  if (module) return draw(module);
  if (part.failed) return quiet ? nothing : partFailed(() => part.retry(host));
  return loading;
}
