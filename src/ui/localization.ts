/**
 * Runtime localization (@lit/localize runtime mode) for the widget and the console. English is the source; the
 * translations are XLIFF files in `locales/`, built by `npm run localize:build` into one small ES module per language
 * (`src/<ui>/generated/locales/<locale>.ts` → `dist/<ui>/locales/<locale>.js`), loaded on demand by the loader the
 * entry module gives (`Localization.use`). Which language an element shows is decided by `chooseLocale` (locale.ts).
 */
import { configureLocalization, type LocaleModule } from '@lit/localize';
import type { ReactiveController, ReactiveElement } from 'lit';
import { setFormatLocale } from './format.js';
import { giveHint } from './give-hint.js';
import { chooseLocale, langCandidates, type LocaleChoice } from './locale.js';

export type { LocaleChoice } from './locale.js';

/** Loads the module of one locale (`export const templates`). */
export type LocaleLoader = (locale: string) => Promise<LocaleModule>;

/** Where the loader looks for a locale's file (for the developer's hint when it fails). */
export type LocaleWhere = (locale: string) => string;

/** One UI's catalog: its locales and how to load them. */
export class Localization {
  #api: ReturnType<typeof configureLocalization> | null | undefined;
  #load: LocaleLoader = () => Promise.reject(new Error('no locale loader'));
  #where: LocaleWhere = (locale) => locale;

  constructor(
    readonly sourceLocale: string,
    readonly targetLocales: readonly string[],
  ) {}

  /**
   * How locale modules are loaded: the script-tag build imports `locales/<locale>.js` next to its own script, the
   * module build a chunk per locale that bundlers emit. Without a loader, only English shows. `where` names the file
   * a locale comes from, for the console warning when it cannot be loaded.
   */
  use(load: LocaleLoader, where?: LocaleWhere): void {
    this.#load = load;
    if (where) this.#where = where;
  }

  /** The locale for `element` (see locale.ts). */
  choose(element: Element): LocaleChoice {
    return chooseLocale(langCandidates(element, () => navigator.languages), [this.sourceLocale, ...this.targetLocales], this.sourceLocale);
  }

  /**
   * Switches the texts to `locale`; resolves once they are in place. A language whose file cannot be loaded falls
   * back to English, with a warning in the browser console (once per language) naming where it looked.
   * Undefined when the texts already are in `locale`.
   */
  switchTo(locale: string): Promise<void> | undefined {
    const api = this.#configure();
    if (!api || api.getLocale() === locale) return undefined;
    return api.setLocale(locale).catch((error: unknown) => {
      giveHint((h) => h.hintLocaleFailed(locale, this.#where(locale), error));
      return api.setLocale(this.sourceLocale).catch(() => undefined);
    });
  }

  /**
   * Configures @lit/localize on first use (not at import: importing the classes has no side effects). When the page's
   * own app configured it already, the texts follow that app's locale.
   */
  #configure(): ReturnType<typeof configureLocalization> | null {
    if (this.#api === undefined) {
      try {
        this.#api = configureLocalization({
          sourceLocale: this.sourceLocale,
          targetLocales: this.targetLocales,
          loadLocale: (locale) => this.#load(locale),
        });
      } catch {
        this.#api = null;
      }
    }
    return this.#api;
  }
}

/**
 * Keeps a top-level element (widget, console) in the language its page asks for: `choice` is decided afresh before
 * every update (`apply()` from the element's `scheduleUpdate`, which waits for the texts of a new language so that
 * nothing renders half in one language), the element's `dir` and the formatters' locale follow it, and a change of
 * any `lang` attribute in the page (`<html lang>` switched by a single-page app) brings an update (the browser's
 * languages are read at each update).
 *
 * The texts' language is one per page (@lit/localize keeps one): an element asks for a switch only when its own choice
 * changed, so two elements that want different languages do not take turns forever; the one that asked last wins.
 */
export class LocaleController implements ReactiveController {
  choice: LocaleChoice;
  #asked: string | undefined;
  readonly #host: ReactiveElement;
  readonly #l10n: Localization;
  readonly #observer = new MutationObserver(() => this.#host.requestUpdate());

  constructor(host: ReactiveElement, l10n: Localization) {
    this.#host = host;
    this.#l10n = l10n;
    this.choice = { locale: l10n.sourceLocale, tag: l10n.sourceLocale, dir: 'ltr' };
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }

  /** Decides the locale and direction; resolves once the texts are ready (undefined when they already are). */
  apply(): Promise<void> | undefined {
    const choice = (this.choice = this.#l10n.choose(this.#host));
    setFormatLocale(choice.tag);
    if (this.#host.dir !== choice.dir) this.#host.dir = choice.dir;
    if (this.#asked === choice.locale) return undefined;
    this.#asked = choice.locale;
    return this.#l10n.switchTo(choice.locale);
  }
}
