import { describe, expect, it } from 'vitest';
import { parseTransports, relayTarget, socketOptions } from '../../src/ui/connection.js';
import { localesFolder } from '../../src/ui/script-locales.js';

describe('relayTarget', () => {
  it('connects to the namespace on the relay’s origin, with socket.io’s default path', () => {
    expect(relayTarget('https://support.example.com', '/customer')).toEqual({ url: 'https://support.example.com/customer', path: undefined });
    expect(relayTarget(' https://support.example.com/ ', '/customer')).toEqual({ url: 'https://support.example.com/customer', path: undefined });
  });

  it('moves a path prefix of the relay URL into the socket.io path (not the namespace)', () => {
    expect(relayTarget('https://vendor.example/support', '/customer')).toEqual({ url: 'https://vendor.example/customer', path: '/support/socket.io' });
    expect(relayTarget('https://vendor.example/a/b/', '/technician')).toEqual({ url: 'https://vendor.example/technician', path: '/a/b/socket.io' });
  });

  it('lets an explicit path win over the prefix', () => {
    expect(relayTarget('https://vendor.example/support', '/customer', '/rsw/socket.io/')).toEqual({ url: 'https://vendor.example/customer', path: '/rsw/socket.io' });
    expect(relayTarget('https://vendor.example', '/customer', 'io')).toEqual({ url: 'https://vendor.example/customer', path: '/io' });
  });

  it('takes a relative relay URL on the page’s origin', () => {
    expect(relayTarget('/support', '/customer', '', 'https://help.example.com/page')).toEqual({ url: 'https://help.example.com/customer', path: '/support/socket.io' });
  });

  it('leaves a URL it cannot parse as it was (socket.io reports it unreachable)', () => {
    expect(relayTarget('not a url', '/customer')).toEqual({ url: 'not a url/customer', path: undefined });
  });
});

describe('parseTransports / socketOptions', () => {
  it('reads names separated by spaces or commas, in order, once each; unknown ones are ignored', () => {
    expect(parseTransports('websocket')).toEqual(['websocket']);
    expect(parseTransports('polling, websocket polling')).toEqual(['polling', 'websocket']);
    expect(parseTransports('carrier-pigeon')).toBeUndefined();
    expect(parseTransports('')).toBeUndefined();
    expect(parseTransports(undefined)).toBeUndefined();
  });

  it('gives socket.io options only for what the attributes set', () => {
    expect(socketOptions('', '')).toEqual({});
    expect(socketOptions(' /support/socket.io ', '')).toEqual({ path: '/support/socket.io' });
    expect(socketOptions('', 'polling')).toEqual({ transports: ['polling'], tryAllTransports: false });
    expect(socketOptions('', 'websocket polling')).toEqual({ transports: ['websocket', 'polling'], tryAllTransports: true });
  });
});

describe('localesFolder (the script-tag builds)', () => {
  const script = (src: string, locales?: string) => ({ src, dataset: locales === undefined ? {} : { locales } }) as unknown as HTMLScriptElement;
  const page = 'https://help.example.com/support/page.html';

  it('is locales/ next to the script', () => {
    expect(localesFolder(script('https://cdn.example.net/rsw/1.0/remote-support-widget.js'), page)).toBe('https://cdn.example.net/rsw/1.0/locales/');
  });

  it('is the folder data-locales names, relative to the script', () => {
    expect(localesFolder(script('https://cdn.example.net/rsw/app.js', '/static/rsw-locales'), page)).toBe('https://cdn.example.net/static/rsw-locales/');
    expect(localesFolder(script('https://cdn.example.net/rsw/app.js', 'https://other.example/l/'), page)).toBe('https://other.example/l/');
  });

  it('is relative to the page for an inline script with data-locales, and unknown without either', () => {
    expect(localesFolder(script('', 'locales'), page)).toBe('https://help.example.com/support/locales/');
    expect(localesFolder(script(''), page)).toBeUndefined();
    expect(localesFolder(null, page)).toBeUndefined();
  });
});
