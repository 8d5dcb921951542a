/** Chat text with its links, worked out once per message (src/ui/linkify.ts). */
import { describe, expect, it, vi } from 'vitest';
import { findLinks } from '../../src/ui/links.js';
import { linkify, linkifyMessage } from '../../src/ui/linkify.js';

vi.mock('../../src/ui/links.js', async (actual) => {
  const real = await actual<typeof import('../../src/ui/links.js')>();
  return { ...real, findLinks: vi.fn(real.findLinks) };
});

describe('linkifying chat messages', () => {
  it('finds the links of a message once, however often the log renders it', () => {
    const log = Array.from({ length: 40 }, (_, n) => ({ text: `message ${n}: see https://help.example.com/${n}` }));
    vi.mocked(findLinks).mockClear();
    // The log renders all its messages each time one arrives.
    for (let shown = 1; shown <= log.length; shown++) for (const m of log.slice(0, shown)) linkifyMessage(m);
    expect(vi.mocked(findLinks)).toHaveBeenCalledTimes(log.length);
  });

  it('gives what linkify gives for the text, and a new object (a changed message) its own', () => {
    const m = { text: 'Open https://example.com/a now' };
    const pieces = linkifyMessage(m);
    expect(linkifyMessage(m)).toBe(pieces);
    expect(pieces).toEqual(linkify(m.text));
    const changed = { ...m, text: 'Open https://example.com/b now' };
    expect(linkifyMessage(changed)).toEqual(linkify(changed.text));
    expect(linkifyMessage(changed)).not.toBe(pieces);
  });
});
