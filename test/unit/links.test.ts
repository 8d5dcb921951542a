/** Web links in chat text (src/ui/links.ts): only http and https, without the punctuation around them. */
import { describe, expect, it } from 'vitest';
import { findLinks } from '../../src/ui/links.js';

const links = (text: string) => findLinks(text).filter((p) => p.href !== undefined).map((p) => p.text);

describe('finding links in chat text', () => {
  it('cuts the text into plain pieces and links that join back to the text', () => {
    const text = 'Open https://example.com/help?q=1#top and then http://intranet.local:8080/x';
    const pieces = findLinks(text);
    expect(pieces).toEqual([
      { text: 'Open ' },
      { text: 'https://example.com/help?q=1#top', href: 'https://example.com/help?q=1#top' },
      { text: ' and then ' },
      { text: 'http://intranet.local:8080/x', href: 'http://intranet.local:8080/x' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it('links only http and https, never other schemes or bare host names', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com/f', 'www.example.com', 'mailto:a@b.c', 'file:///etc/passwd']) {
      expect(findLinks(text)).toEqual([{ text }]);
    }
    expect(links('see jAvAsCrIpT:https://evil.example')).toEqual(['https://evil.example']);
    expect(links('HTTPS://Example.COM/Path')).toEqual(['HTTPS://Example.COM/Path']);
    expect(findLinks('HTTPS://Example.COM/Path')[0]!.href).toBe('https://example.com/Path');
  });

  it('leaves sentence punctuation and quotes outside the link', () => {
    expect(links('See https://example.com/a.')).toEqual(['https://example.com/a']);
    expect(links('Is it https://example.com/a?')).toEqual(['https://example.com/a']);
    expect(links('Try https://example.com/a, then https://example.com/b; done!')).toEqual(['https://example.com/a', 'https://example.com/b']);
    expect(links('"https://example.com/q"')).toEqual(['https://example.com/q']);
    expect(links('it is at https://example.com/x...')).toEqual(['https://example.com/x']);
  });

  it('keeps balanced brackets and drops a closing one without its opening one', () => {
    expect(links('(see https://example.com/x)')).toEqual(['https://example.com/x']);
    expect(links('https://en.wikipedia.org/wiki/Bracket_(disambiguation)')).toEqual(['https://en.wikipedia.org/wiki/Bracket_(disambiguation)']);
    expect(links('(https://en.wikipedia.org/wiki/Bracket_(disambiguation)).')).toEqual(['https://en.wikipedia.org/wiki/Bracket_(disambiguation)']);
    expect(links('[https://example.com/y]')).toEqual(['https://example.com/y']);
  });

  it('stops at characters that never belong to a typed URL, and ignores a scheme without a host', () => {
    expect(links('<https://example.com/a>')).toEqual(['https://example.com/a']);
    expect(links('https://example.com/a"onmouseover="x')).toEqual(['https://example.com/a']);
    expect(findLinks('https:// nothing here')).toEqual([{ text: 'https:// nothing here' }]);
    expect(findLinks('http://')).toEqual([{ text: 'http://' }]);
  });

  it('keeps plain text, including an empty one, as one piece', () => {
    expect(findLinks('')).toEqual([{ text: '' }]);
    expect(findLinks('no links here.')).toEqual([{ text: 'no links here.' }]);
  });

  it('finds links next to text in any script', () => {
    expect(links('Zobacz:https://example.pl/ścieżka, proszę')).toEqual(['https://example.pl/ścieżka']);
    expect(links('انظر https://example.com/ar، شكرا؟')).toEqual(['https://example.com/ar']);
    expect(links('見て https://example.jp/a。')).toEqual(['https://example.jp/a']);
  });
});
