/**
 * The relay's version: the `version` of the package.json it was published or built in, found from here upwards
 * (wherever the code was built to). Published, that is `remote-support-relay`'s; in the repository, the root one's.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages the relay's code is in: its own when installed from npm, the repository's when built from source. */
const PACKAGE_NAMES: readonly string[] = ['remote-support-relay', 'remote-support-widget'];
let cached: string | undefined;

/** The version of the nearest package.json above `from` that is one of PACKAGE_NAMES, or `unknown`. */
export function packageVersion(from: string): string {
  let dir = from;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name && PACKAGE_NAMES.includes(pkg.name) && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export function relayVersion(): string {
  return (cached ??= packageVersion(dirname(fileURLToPath(import.meta.url))));
}
