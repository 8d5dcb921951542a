/**
 * docs/DEPLOYMENT.md and the README's relay reference against what the relay package is: the systemd unit starts the
 * program the `remote-support-relay` package installs, and every environment variable the documents tell an operator
 * to set is one the command line reads (its --help lists it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/server/cli.js';

const deployment = readFileSync('docs/DEPLOYMENT.md', 'utf8');
const readme = readFileSync('README.md', 'utf8');
const relayPackage = JSON.parse(readFileSync('packages/relay/package.json', 'utf8')) as { name: string; bin: Record<string, string> };

describe('docs/DEPLOYMENT.md', () => {
  it("has a systemd unit whose ExecStart runs the relay package's program", () => {
    const execStart = /^ExecStart=\/usr\/bin\/node (\S+)$/m.exec(deployment)?.[1];
    expect(execStart).toBeDefined();
    expect(execStart).toBe(`/opt/remote-support-relay/node_modules/${relayPackage.name}/${relayPackage.bin['remote-support-relay']}`);
  });

  it.each([
    ['docs/DEPLOYMENT.md', deployment],
    ['README.md', readme],
  ])('names in %s only environment variables that --help lists', (_file, text) => {
    const names = new Set(text.match(/\b(?:RSW|RELAY)_[A-Z0-9_]+\b/g));
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) expect(USAGE, name).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
