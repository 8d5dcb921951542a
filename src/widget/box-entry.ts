/**
 * The entry of the box's chunk (built next to the launcher, `chunks/`): what `<remote-support-widget>` imports when the
 * customer needs the box. Registers the box's elements and hands the box the launcher's way of loading locale files.
 */
import type { LocaleModule } from '@lit/localize';
import { RswBox } from './box.js';
import type { LocaleFileLoader } from './launcher/box-loader.js';
import { localization } from './localization.js';

let localesSet = false;

/** Defines `<rsw-box>` and its parts in `registry` (once); `loadLocale`: how the launcher loads locale files. */
export function defineBox(registry: CustomElementRegistry, loadLocale?: LocaleFileLoader, where?: (locale: string) => string): string {
  if (loadLocale && !localesSet) {
    localization.use(loadLocale as (locale: string) => Promise<LocaleModule>, where);
    localesSet = true;
  }
  RswBox.define('rsw-box', registry);
  return 'rsw-box';
}
