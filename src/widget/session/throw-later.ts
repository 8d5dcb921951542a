/**
 * Reports an unexpected error (a listener's, say) as uncaught, where the page's error handler and the console see it,
 * without stopping the caller: what the caller does next (other listeners, other events) still happens.
 */
export function throwLater(err: unknown): void {
  setTimeout(() => {
    throw err;
  });
}
