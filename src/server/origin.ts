/** Origin allowlist with `*` wildcards for a port (`http://localhost:*`) or a subdomain (`https://*.example.com`). */
export function compileOrigins(patterns: readonly string[]): (origin: string | undefined) => boolean {
  if (patterns.includes('*')) return () => true;
  const regexes = patterns.map((pattern) => {
    const escaped = pattern
      .toLowerCase()
      .replace(/\/+$/, '')
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    // A wildcard matches one host label or a port number: never a dot-spanning host or a path.
    return new RegExp(`^${escaped.join('[a-z0-9-]+')}$`);
  });
  return (origin) => {
    if (!origin || origin === 'null') return false;
    const normalized = origin.toLowerCase();
    return regexes.some((re) => re.test(normalized));
  };
}
