/**
 * Registration, kept apart from the element classes so that importing a class has no side effects.
 * Each element has `static define(tag = '…', registry = customElements)`, which calls `defineElement`.
 */

/**
 * Defines `ctor` as `tag` in `registry`, tolerating repeats: when `tag` is already defined (a second call, or the
 * script tag loaded twice) the first definition stays and this is a no-op. Defining the same class under a second tag
 * registers a trivial subclass, since a constructor can be registered only once.
 */
export function defineElement(
  tag: string,
  ctor: CustomElementConstructor,
  registry: CustomElementRegistry = customElements,
): void {
  if (registry.get(tag)) return;
  try {
    registry.define(tag, ctor);
  } catch {
    // This constructor is already registered under another tag.
    registry.define(tag, class extends ctor {});
  }
}
