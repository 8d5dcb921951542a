/**
 * A part of the box kept out of the box's entry chunk (issue 12: the English path open → code → connected → prompt →
 * grants bar loads only what it shows): imported the first time a screen needs it, shared by every box on the page.
 * Plain TypeScript; screens/lazy.ts draws its three states (loading, loaded, failed with Retry).
 */
import { nextTask } from '../ui/after-frame.js';

/** What a part tells when it has loaded or failed: the boxes that drew it while it was loading redraw. */
export interface PartHost {
  requestUpdate(): void;
  /** Where it draws a part (its shadow root), which takes the part's own styles (screens/lazy.ts). */
  readonly renderRoot?: HTMLElement | DocumentFragment;
}

/** The imports of parts under way, every part's: a part adds its import here when it starts it. */
const loading = new Set<Promise<unknown>>();

/** The imports of parts under way. */
export const partsLoading = (): Promise<unknown>[] => [...loading];

export class LazyPart<M> {
  #module: M | undefined;
  /** The import under way, or done; undefined before it and after a failure. */
  #loading: Promise<M> | undefined;
  #failed = false;
  /** The last import, started ahead of any box's draw, failed: only a draw imports it again (once per draw's wait). */
  #failedAhead = false;
  readonly #waiting = new Set<PartHost>();

  /** `load` imports the part's module. */
  constructor(public load: () => Promise<M>) {}

  /**
   * The module when it is loaded; otherwise starts importing it (once) and `host` redraws when that settles. Without a
   * host (loading ahead), not again after such an import failed: the next draw tries.
   */
  get(host?: PartHost): M | undefined {
    if (!this.#module && !this.#failed && (host || !this.#failedAhead)) {
      if (host) this.#waiting.add(host);
      this.ready().catch(() => undefined);
    }
    return this.#module;
  }

  /** True after the import failed, until `retry()`. */
  get failed(): boolean {
    return this.#failed;
  }

  /** The module, imported if need be (for an action that needs it). */
  ready(): Promise<M> {
    if (!this.#loading) {
      this.#loading = this.load().then(
        async (module) => {
          // The chunk's evaluation ran in this task: the boxes that wait for the part draw it in a task of their own.
          await nextTask();
          this.#settled(module);
          return module;
        },
        (error: unknown) => {
          this.#settled();
          throw error;
        },
      );
      loading.add(this.#loading);
    }
    return this.#loading;
  }

  /** Tries the import again (the customer's Retry); `host` redraws when it settles. */
  retry(host?: PartHost): void {
    this.#failed = false;
    this.#failedAhead = false;
    this.get(host);
    host?.requestUpdate();
  }

  /**
   * The import is over: loaded (`module`) or failed (tried again on the next `ready()`). A failure counts as the part's
   * (shown with Retry) only when a box drew the part meanwhile: one loaded ahead of its first draw (a prefetch,
   * screens/lazy.ts `prefetchParts`) that fails is imported again when a box first draws it.
   */
  #settled(module?: M): void {
    loading.delete(this.#loading!);
    this.#module = module;
    this.#failed = !module && this.#waiting.size > 0;
    this.#failedAhead = !module && !this.#failed;
    if (!module) this.#loading = undefined;
    for (const host of this.#waiting) host.requestUpdate();
    this.#waiting.clear();
  }
}
