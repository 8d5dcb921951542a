/**
 * The box's URL parser (src/widget/session/parseuri.ts) against engine.io-client's own `parse`, which it replaces in
 * the script-tag build: the same fields for absolute URLs. Differences the two packages never notice: the host in lower
 * case, and the scheme's default port empty (both packages fill it in).
 */
import { parse as packageParse } from 'engine.io-client';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/widget/session/parseuri.js';

const URLS = [
  'http://127.0.0.1:3000/customer',
  'https://relay.example/customer',
  'https://relay.example:8443/customer',
  'http://relay.example:8080',
  'https://relay.example',
  'wss://relay.example/customer?x=1',
  'ws://relay.example:9000/support/customer?token=a%20b&empty=&flag&=v#frag',
  'http://[::1]:3000/customer',
  'https://[2001:db8::7]/customer',
  'https://user:secret@relay.example:444/customer',
  'http://localhost:5173/customer',
];

const DEFAULT_PORTS: Record<string, string> = { http: '80', ws: '80', https: '443', wss: '443' };

describe('parse (platform URL parser)', () => {
  it.each(URLS)('%s: the fields the box\'s build reads', (url) => {
    const ours = parse(url);
    const theirs = packageParse(url) as Record<string, unknown>;
    expect(ours.protocol).toBe(theirs.protocol);
    expect(ours.host).toBe(theirs.host);
    expect(ours.port || DEFAULT_PORTS[ours.protocol]).toBe(theirs.port || DEFAULT_PORTS[ours.protocol]);
    expect(ours.path || '/').toBe(theirs.path || '/');
  });

  it('writes the host in lower case (host names are case-insensitive)', () => {
    expect(parse('https://Relay.Example/customer').host).toBe('relay.example');
  });

  it('throws for what is no URL and for an overlong one, as the package does for the latter', () => {
    expect(() => parse('http://not a host/customer')).toThrow();
    expect(() => parse(`https://relay.example/${'a'.repeat(8000)}`)).toThrow('URI too long');
    expect(() => void packageParse(`https://relay.example/${'a'.repeat(8000)}`)).toThrow();
  });
});
