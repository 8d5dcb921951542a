/**
 * The technician console for bundlers: the element classes and the session logic. Importing this module defines
 * nothing; call `RemoteSupportConsole.define()` (or load the script-tag build, which does). Languages other than
 * English load on demand from `./locales/<locale>.js` next to this module.
 */
import type { LocaleModule } from '@lit/localize';
import { localization } from './localization.js';

localization.use((locale) => import(/* @vite-ignore */ `./locales/${locale}.js`) as Promise<LocaleModule>);

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
