/**
 * How the host gets the box: the entry module (script-tag.ts, index.ts) says where the box's chunk and the locale
 * files are; the host asks for the box when it is needed (`loadBox`, once; again after a failure, for Retry).
 * No lit here: this module is part of the launcher.
 */

import type { LocaleChoice } from '../../ui/locale.js';
import type { defineElement } from '../define.js';
import type { WidgetPhase } from '../session/types.js';

/** What the host needs of the box (box.ts). */
export interface Box extends HTMLElement {
  open: boolean;
  readonly phase: WidgetPhase;
  readonly updateComplete: Promise<boolean>;
  show(): void;
  hide(): void;
  join(code: string): Promise<void>;
  stopSharing(): Promise<void>;
  disconnect(): Promise<void>;
}

/** One locale file (`export const templates`): message id → text (or a `str` template). */
export interface LocaleFile {
  templates: Record<string, unknown>;
}

/** Loads the locale file of `locale`. */
export type LocaleFileLoader = (locale: string) => Promise<LocaleFile>;

/**
 * What the launcher shares with the box, handed over once by `defineBox`: the box uses these instead of carrying
 * copies of its own (the launcher is a bundle apart from the box's chunk, so what both imported would load twice).
 */
export interface Shared {
  /** The launcher's stylesheet of its button (launcher.styles.ts), which the box adopts. */
  sheet: CSSStyleSheet;
  /** The launcher's icon (views.ts), which the box's launcher button shows. */
  icon: () => HTMLElement;
  /** The widget's language for an element (locale.ts), which the box speaks. */
  choose: (element: Element) => LocaleChoice;
  /** Registers an element (define.ts). */
  define: typeof defineElement;
  /** Loads a locale file; absent: English only. */
  locale?: LocaleFileLoader;
  /** Where a locale's file is (for the developer's hint when it cannot be loaded). */
  where?: (locale: string) => string;
}

/** What the box's chunk exports (src/widget/box-entry.ts). */
export interface BoxModule {
  /** The build the chunk belongs to (box-entry.ts); compared with the launcher's own. */
  readonly build?: string;
  /** Defines the box's elements in `registry` (once), with what the launcher shares, and gives the box's tag. */
  defineBox(registry: CustomElementRegistry, shared: Shared): string;
}

export interface BoxSource {
  /** Imports the box's entry chunk; `attempt` counts the tries (1 first, 2 after a failure, …). */
  box(attempt: number): Promise<BoxModule>;
  /** Imports a locale file; absent: English only. */
  locale?: LocaleFileLoader;
  /** Where a locale's file is (for the developer's hint when it cannot be loaded). */
  where?: (locale: string) => string;
  /** The launcher's build: a box chunk of another build is refused (absent: no check, as in a bundler's build). */
  build?: string;
}

let source: BoxSource | undefined;
let loading: Promise<BoxModule> | undefined;
let attempts = 0;

/** Called once by the entry module. */
export function setBoxSource(s: BoxSource): void {
  source = s;
  loading = undefined;
  attempts = 0;
}

export function boxSource(): BoxSource | undefined {
  return source;
}

/** The box's module, imported on first call; a failed import is forgotten, so that the next call tries again. */
export function loadBox(): Promise<BoxModule> {
  if (!source) return Promise.reject(new Error('remote-support-widget: no box source configured'));
  const from = source;
  loading ??= from
    .box(++attempts)
    .then((module) => {
      // The box's chunk is of another build than the launcher (e.g. a cache held an old file): it is never used.
      if (from.build !== undefined && module.build !== from.build) {
        throw new Error(`remote-support-widget: the box's file is of another build (${module.build ?? 'none'}, expected ${from.build})`);
      }
      return module;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}
