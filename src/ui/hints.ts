/**
 * Hints for the page's developer in the browser console, each given once per page: what to change when the relay
 * refuses this page, when an element has no relay to connect to, or when a language file cannot be loaded. They are for developers, in English, never shown to
 * the customer or the technician (who get their own localized message). A chunk of its own, loaded when a hint is
 * due (give-hint.ts).
 */
const given = new Set<string>();

/** Writes `message` to the console as a warning, unless a hint with this `key` was given already on this page. */
export function hintOnce(key: string, message: string): void {
  if (given.has(key)) return;
  given.add(key);
  console.warn(message);
}

/** The relay at `server` refused this page's origin (`forbidden-origin`): names the origin to allow. */
export function hintForeignOrigin(server: string): void {
  const origin = globalThis.location?.origin;
  if (!origin || origin === 'null') return;
  hintOnce(origin + server, `remote-support: ${server} refused the origin ${origin}; add it to the relay's allowedOrigins (--origins, RSW_ORIGINS).`);
}

/** `<tag>` was asked to connect with no `server` attribute: names what to set. */
export function hintNoServer(tag: string): void {
  hintOnce(`no-server ${tag}`, `remote-support: <${tag}> has no server attribute; set it to your relay's URL, e.g. <${tag} server="https://support.example.com">.`);
}

/** The file of `locale` could not be loaded from `url`; the texts stay in English. */
export function hintLocaleFailed(locale: string, url: string, error: unknown): void {
  hintOnce(locale, `remote-support: could not load the language ${locale} from ${url} (${String(error)}); showing English.`);
}
