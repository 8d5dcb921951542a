/** Unread messages while the customer looks elsewhere (src/widget/attention.ts): the title, the chime, notifications. */
import { describe, expect, it } from 'vitest';
import { Attention, markedTitle, type AttentionEnv } from '../../src/widget/attention.js';

function env(extra: Partial<AttentionEnv> = {}) {
  const calls: string[] = [];
  const e = {
    title: 'Acme – Help',
    pageHidden: false,
    notificationPermission: 'default' as AttentionEnv['notificationPermission'],
    chime: () => calls.push('chime'),
    notify: (title: string, body: string) => calls.push(`notify ${title}: ${body}`),
    ...extra,
  };
  return { e, calls };
}

describe('attention while the customer looks elsewhere', () => {
  it('leaves everything alone while the box is open on a visible page', () => {
    const { e, calls } = env();
    const a = new Attention(e);
    a.sound = true;
    a.message('Alex', 'Hello');
    expect([e.title, a.unread, calls]).toEqual(['Acme – Help', 0, []]);
  });

  it('counts messages in the title while the box is minimised, and gives the title back when it opens', () => {
    const { e, calls } = env();
    const a = new Attention(e);
    a.setMinimised(true);
    a.message('Alex', 'Hello');
    a.message('Alex', 'Still there?');
    expect(e.title).toBe('(2) Acme – Help');
    expect(calls).toEqual([]);
    a.setMinimised(false);
    expect([e.title, a.unread]).toEqual(['Acme – Help', 0]);
  });

  it('follows a title the page changed meanwhile', () => {
    const { e } = env();
    const a = new Attention(e);
    a.setMinimised(true);
    a.message('Alex', 'one');
    e.title = 'Checkout';
    a.message('Alex', 'two');
    expect(e.title).toBe('(2) Checkout');
    a.clear();
    expect(e.title).toBe('Checkout');
  });

  it('chimes only when sound is on, and notifies only a hidden page with permission', () => {
    const { e, calls } = env({ pageHidden: true });
    const a = new Attention(e);
    a.message('Alex', 'no sound, no permission');
    a.sound = true;
    e.notificationPermission = 'granted';
    a.message('Alex', 'x'.repeat(200));
    expect(calls).toEqual(['chime', `notify Alex: ${'x'.repeat(139)}…`]);
    expect(e.title).toBe('(2) Acme – Help');
    e.pageHidden = false;
    a.visibilityChanged();
    expect(e.title).toBe('Acme – Help');
  });

  it('does not notify while the page is visible and only the box is minimised', () => {
    const { e, calls } = env({ notificationPermission: 'granted' });
    const a = new Attention(e);
    a.setMinimised(true);
    a.message('Alex', 'hi');
    expect(calls).toEqual([]);
    expect(markedTitle('T', 0)).toBe('T');
  });
});
