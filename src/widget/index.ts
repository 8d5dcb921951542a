/**
 * The widget for bundlers: the element classes, their events and types. Importing this module defines nothing;
 * call `RemoteSupportWidget.define()` (or load the script-tag build, which does).
 *
 * Languages other than English load on demand from `./locales/<locale>.js` next to this module (dist/widget/locales/,
 * self-contained ES modules): a dynamic import whose pattern bundlers (vite, webpack, esbuild) follow.
 */
import type { LocaleModule } from '@lit/localize';
import { localization } from './localization.js';

localization.use((locale) => import(/* @vite-ignore */ `./locales/${locale}.js`) as Promise<LocaleModule>);

export { RemoteSupportWidget } from './remote-support-widget.js';
export { normalizeCode } from './format.js';
export { RswChatLog } from './chat-log.js';
export { RswComposer } from './composer.js';
export { RswConsentPrompt } from './consent-prompt.js';
export { RswGrantsBar } from './grants-bar.js';
export { defineElement } from './define.js';
export * from './events.js';
export type { WidgetPhase, WidgetState } from './session/types.js';
