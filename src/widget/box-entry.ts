/**
 * The entry of the box's chunk (built next to the launcher, `chunks/`): what `<remote-support-widget>` imports when the
 * customer needs the box. Registers the box's elements and hands the box the launcher's way of loading locale files.
 */
import type { LocaleModule } from '@lit/localize';
import { RswBox } from './box.js';
import type { LocaleFileLoader } from './launcher/box-loader.js';
import { localization } from './localization.js';

/** This build's id, written in by the build (vite.config.ts) into this chunk and the launcher alike. */
declare const __RSW_BUILD__: string | undefined;

/** The build this chunk belongs to; the launcher refuses a box of another build (launcher/box-loader.ts). */
export const build: string | undefined = typeof __RSW_BUILD__ === 'string' ? __RSW_BUILD__ : undefined;

let localesSet = false;

/**
 * Defines `<rsw-box>` and its parts in `registry` (once); `launcher`: the launcher's stylesheet of its button, which
 * the box shares, and `chatIcon` its icon; `loadLocale`: how the launcher loads locale files.
 */
export function defineBox(
  registry: CustomElementRegistry,
  launcher: CSSStyleSheet,
  chatIcon: () => SVGElement,
  loadLocale?: LocaleFileLoader,
  where?: (locale: string) => string,
): string {
  if (loadLocale && !localesSet) {
    localization.use(loadLocale as (locale: string) => Promise<LocaleModule>, where);
    localesSet = true;
  }
  RswBox.define(launcher, chatIcon, 'rsw-box', registry);
  return 'rsw-box';
}
