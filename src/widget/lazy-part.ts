/**
 * A part of the box kept out of the box's entry chunk (issue 12: the English path open → code → connected → prompt →
 * grants bar loads only what it shows): imported the first time a screen needs it, shared by every box on the page.
 * Plain TypeScript; screens/lazy.ts draws its three states (loading, loaded, failed with Retry).
 */

/** What a part tells when it has loaded or failed: the boxes that drew it while it was loading redraw. */
export interface PartHost {
  requestUpdate(): void;
  /** Where it draws a part (its shadow root), which takes the part's own styles (screens/lazy.ts). */
  readonly renderRoot?: HTMLElement | DocumentFragment;
}

export class LazyPart<M> {
  #module: M | undefined;
  #loading: Promise<M> | undefined;
  #failed = false;
  readonly #waiting = new Set<PartHost>();

  /** `load` imports the part's module; `attempt` counts the tries (1 first, 2 after a failure, …). */
  constructor(public load: (attempt: number) => Promise<M>) {}

  #attempts = 0;

  /** The module when it is loaded; otherwise starts importing it (once) and `host` redraws when that settles. */
  get(host?: PartHost): M | undefined {
    if (this.#module || this.#failed) return this.#module;
    if (host) this.#waiting.add(host);
    void this.ready().catch(() => undefined);
    return undefined;
  }

  /** The import under way, if any. */
  get loading(): Promise<M> | undefined {
    return this.#module ? undefined : this.#loading;
  }

  /** True after the import failed, until `retry()`. */
  get failed(): boolean {
    return this.#failed;
  }

  /** The module, imported if need be (for an action that needs it). */
  ready(): Promise<M> {
    if (this.#module) return Promise.resolve(this.#module);
    this.#loading ??= this.load(++this.#attempts).then(
      (module) => {
        this.#module = module;
        this.#failed = false;
        this.#settled();
        return module;
      },
      (error: unknown) => {
        this.#loading = undefined;
        this.#failed = true;
        this.#settled();
        throw error;
      },
    );
    return this.#loading;
  }

  /** Tries the import again (the customer's Retry); `host` redraws when it settles. */
  retry(host?: PartHost): void {
    this.#failed = false;
    this.get(host);
    host?.requestUpdate();
  }

  #settled(): void {
    const hosts = [...this.#waiting];
    this.#waiting.clear();
    for (const host of hosts) host.requestUpdate();
  }
}
