/**
 * The widget for bundlers: the element class, its events and types. Importing this module defines nothing; call
 * `RemoteSupportWidget.define()` (or load the script-tag build, which does).
 *
 * `<remote-support-widget>` is a small launcher; the box behind it (lit, the screens, the session logic) is a dynamic
 * import, so bundlers split it into chunks of their own, loaded when the customer needs the box. Languages other than
 * English load on demand from `./locales/<locale>.js` next to this module (dist/widget/locales/, self-contained ES
 * modules): a dynamic import whose pattern bundlers (vite, webpack, esbuild) follow.
 */
import { setBoxSource, type LocaleFile } from './launcher/box-loader.js';

setBoxSource({
  box: () => import('./box-entry.js'),
  locale: (locale) => import(/* @vite-ignore */ `./locales/${locale}.js`) as Promise<LocaleFile>,
});

export { RemoteSupportWidget } from './remote-support-widget.js';
export { normalizeCode } from './format.js';
export type { RswChatLog } from './chat-log.js';
export type { RswComposer } from './composer.js';
export type { RswConsentPrompt } from './consent-prompt.js';
export type { RswGrantsBar } from './grants-bar.js';
export { defineElement } from './define.js';
export * from './events.js';
export type { WidgetPhase, WidgetState } from './session/types.js';
