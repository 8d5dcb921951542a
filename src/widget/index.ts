/**
 * The widget for bundlers: the element class, its events and types. Importing this module defines nothing; call
 * `RemoteSupportWidget.define()` (or load the script-tag build, which does).
 *
 * `<remote-support-widget>` is a small launcher; the box behind it (lit, the screens, the session logic) is a dynamic
 * import, so bundlers split it into chunks of their own, loaded when the customer needs the box. Languages other than
 * English are chunks of their own too (below), loaded when a page asks for one.
 */
import type { LocaleModule } from '@lit/localize';
import type { targetLocales } from './generated/locale-codes.js';
import { setBoxSource } from './launcher/box-loader.js';
import type { RemoteSupportWidget } from './remote-support-widget.js';

/**
 * One `import()` per language, written out so that every bundler (Vite, webpack, Rollup, esbuild) sees each locale
 * module and emits it as a chunk of the app; the type makes a language added to lit-localize's config fail the
 * typecheck until it is listed here.
 */
const LOCALES: Record<(typeof targetLocales)[number], () => Promise<LocaleModule>> = {
  ar: () => import('./generated/locales/ar.js'),
  de: () => import('./generated/locales/de.js'),
  'en-XA': () => import('./generated/locales/en-XA.js'),
  es: () => import('./generated/locales/es.js'),
  fr: () => import('./generated/locales/fr.js'),
  pl: () => import('./generated/locales/pl.js'),
};

setBoxSource({
  box: () => import('./box-entry.js'),
  locale: (locale) => LOCALES[locale as keyof typeof LOCALES](),
  where: (locale) => `the ${locale} chunk of remote-support-widget/widget`,
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

declare global {
  interface HTMLElementTagNameMap {
    'remote-support-widget': RemoteSupportWidget;
  }
}
