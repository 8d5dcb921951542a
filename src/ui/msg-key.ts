/**
 * The key under which the locale modules keep the message `id`, for code that reads a locale module's `templates`
 * itself (the launcher, which has no @lit/localize). In the sources, the id itself; the builds write a short key
 * instead of each id, in `msg()` calls and locale modules alike, and replace each call of this function with the key
 * of its id (build/msg-ids.ts): call it with a string literal only, or the build fails.
 */
export const msgKey = (id: string): string => id;

/**
 * The stamp of the message catalog the build numbered the ids of, which its locale files carry too (their
 * `catalog`); undefined in the sources. The build replaces each call with the stamp (build/msg-ids.ts).
 */
export const msgCatalog = (): string | undefined => undefined;
