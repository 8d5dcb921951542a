/**
 * The consumer apps (test/consumers/) install the packed tarballs with `npm ci`, which installs what their lockfiles
 * list and never reads the tarball's own package.json. A dependency added to the package but not to these lockfiles
 * is missing from the apps' node_modules (the relay then fails to start with ERR_MODULE_NOT_FOUND), while a vendor's
 * fresh `npm install` gets it: the apps would no longer test what vendors install. Each lockfile's entry for a tarball
 * must list the dependencies of the package.json that is packed into it, and no tarball's hash (it changes with
 * every build, and `npm ci` would refuse the next one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONSUMERS = join(import.meta.dirname, '..', 'consumers');
const PACKED: Record<string, string> = {
  'remote-support-widget': 'package.json',
  'remote-support-relay': join('packages', 'relay', 'package.json'),
};

interface LockEntry {
  dependencies?: Record<string, string>;
  integrity?: string;
}
const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const apps = readdirSync(CONSUMERS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe.each(apps)('test/consumers/%s/package-lock.json', (app) => {
  const lock = json<{ packages: Record<string, LockEntry> }>(join(CONSUMERS, app, 'package-lock.json'));
  const tarballs = Object.keys(PACKED).filter((name) => lock.packages[`node_modules/${name}`]);

  it('installs at least one of the packed tarballs', () => expect(tarballs.length).toBeGreaterThan(0));

  it.each(tarballs)('lists the dependencies of %s as its package.json has them, and each of them', (name) => {
    const entry = lock.packages[`node_modules/${name}`]!;
    const { dependencies = {} } = json<{ dependencies?: Record<string, string> }>(join(CONSUMERS, '..', '..', PACKED[name]!));
    expect(entry.dependencies ?? {}).toEqual(dependencies);
    expect(Object.keys(dependencies).filter((dep) => !lock.packages[`node_modules/${dep}`] && !lock.packages[`node_modules/${name}/node_modules/${dep}`])).toEqual([]);
    expect(entry.integrity, 'the hash of a tarball that every build makes anew').toBeUndefined();
  });
});
