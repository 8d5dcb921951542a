/**
 * The technician console for bundlers: the element classes and the session logic. Importing this module defines
 * nothing; call `RemoteSupportConsole.define()` (or load the script-tag build, which does). Languages other than
 * English are chunks of their own (below), loaded when a page asks for one.
 */
import type { LocaleModule } from '@lit/localize';
import type { targetLocales } from './generated/locale-codes.js';
import { localization } from './localization.js';
import type { RemoteSupportConsole } from './remote-support-console.js';

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

localization.use(
  (locale) => LOCALES[locale as keyof typeof LOCALES](),
  (locale) => `the ${locale} chunk of remote-support-widget/console`,
);

export { RemoteSupportConsole } from './remote-support-console.js';
export { RscAuditLog } from './audit-log.js';
export { RscChatLog } from './chat-log.js';
export { RscComposer } from './composer.js';
export { RscFilePanel } from './file-panel.js';
export { RscFunctionList } from './function-list.js';
export { RscScreenView } from './screen-view.js';
export { RscSysinfo } from './sysinfo-table.js';
export { RscQueueList } from './queue-list.js';
export { RscSessionPanel } from './session-panel.js';
export { RscSignInForm } from './sign-in-form.js';
export { defineElement } from './define.js';
export { ConsoleSession, type CallResult, type ConsoleListener, type ConsoleSessionOptions } from './session/console-session.js';
export { initialConsoleState, reduceConsole, relayNow } from './session/reducer.js';
export { ConsoleStore, MemoryStorage, type StoredSession } from './session/storage.js';
export { readTokenClaims, tokenIdentity, type TokenClaims } from './session/token.js';
export * from './session/views.js';
export * from './session/types.js';
export { PointerSender, videoPoint, type ControlEvent, type Point } from './functions/pointer.js';
export { ScreenViewer, watchFrames, type ViewerStatus } from './functions/screen-viewer.js';

declare global {
  interface HTMLElementTagNameMap {
    'remote-support-console': RemoteSupportConsole;
  }
}
