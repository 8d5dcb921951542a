/**
 * Gives one of the developer's console hints (hints.ts). Their English texts are a chunk of their own, loaded only when
 * a hint is due (a refused origin, a language file that cannot be loaded), so the customer's path never carries them.
 * Where even that chunk cannot be loaded the hint is not given: it is for the page's developer, never the customer.
 */
export function giveHint(give: (hints: typeof import('./hints.js')) => void): void {
  import('./hints.js').then(give, () => undefined);
}
