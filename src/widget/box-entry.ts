/**
 * The entry of the box's chunk (built next to the launcher, `chunks/`): what `<remote-support-widget>` imports when the
 * customer needs the box. Registers the box's elements with what the launcher shares (from-launcher.ts), its way of
 * loading locale files among them.
 */
import type { LocaleModule } from '@lit/localize';
import { RswBox } from './box.js';
import { takeFromLauncher } from './from-launcher.js';
import type { Shared } from './launcher/box-loader.js';
import { localization } from './localization.js';

/** This build's id, written in by the build (vite.config.ts) into this chunk and the launcher alike. */
declare const __RSW_BUILD__: string | undefined;

/** The build this chunk belongs to; the launcher refuses a box of another build (launcher/box-loader.ts). */
export const build: string | undefined = typeof __RSW_BUILD__ === 'string' ? __RSW_BUILD__ : undefined;

let localesSet = false;

/** Defines `<rsw-box>` and its parts in `registry` (once), with what the launcher shares (`shared`). */
export function defineBox(registry: CustomElementRegistry, shared: Shared): string {
  takeFromLauncher(shared);
  if (shared.locale && !localesSet) {
    localization.use(shared.locale as (locale: string) => Promise<LocaleModule>, shared.where);
    localesSet = true;
  }
  RswBox.define('rsw-box', registry);
  return 'rsw-box';
}
