/** Desktop notifications only as the customer's choice (src/widget/notify-opt-in.ts). */
import { describe, expect, it } from 'vitest';
import { NotifyOptIn, type NotificationApi, watchPermission } from '../../src/widget/notify-opt-in.js';

function api(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const calls: string[] = [];
  const a: NotificationApi & { permission: NotificationPermission } = {
    permission,
    requestPermission: () => {
      calls.push('request');
      a.permission = answer;
      return Promise.resolve(answer);
    },
  };
  return { a, calls };
}

describe('desktop notifications', () => {
  it('are off, and never asked for, until the customer turns them on', () => {
    const { a, calls } = api('default', 'granted');
    const optIn = new NotifyOptIn(() => a);
    expect([optIn.state, optIn.permission, calls]).toEqual(['off', 'default', []]);
  });

  it('do not take a permission the page already had as the customer\'s choice', () => {
    const { a, calls } = api('granted');
    const optIn = new NotifyOptIn(() => a);
    expect([optIn.state, optIn.permission]).toEqual(['off', 'default']);
    return optIn.toggle().then((state) => {
      expect([state, optIn.permission, calls]).toEqual(['on', 'granted', []]);
    });
  });

  it('ask the browser on the customer\'s click, and turn off with the next click', async () => {
    const { a, calls } = api('default', 'granted');
    const optIn = new NotifyOptIn(() => a);
    expect(await optIn.toggle()).toBe('on');
    expect(calls).toEqual(['request']);
    expect(await optIn.toggle()).toBe('off');
    expect(optIn.permission).toBe('default');
  });

  it('stay off when the customer refuses in the browser, and say they are blocked', async () => {
    const { a } = api('default', 'denied');
    const optIn = new NotifyOptIn(() => a);
    expect(await optIn.toggle()).toBe('blocked');
    expect(optIn.permission).toBe('default');
  });

  it('are not offered without the API', async () => {
    const optIn = new NotifyOptIn(() => undefined);
    expect([optIn.state, optIn.permission, await optIn.toggle()]).toEqual(['unsupported', 'unsupported', 'unsupported']);
  });

  it('read the browser\'s permission once, not on every render, until the browser says it changed', async () => {
    let reads = 0;
    let permission: NotificationPermission = 'granted';
    const a: NotificationApi = {
      get permission() {
        reads++;
        return permission;
      },
      requestPermission: () => Promise.resolve(permission),
    };
    let changed: (() => void) | undefined;
    const optIn = new NotifyOptIn(
      () => a,
      (callback) => (changed = callback),
    );
    for (let render = 0; render < 50; render++) void [optIn.state, optIn.permission];
    expect(reads).toBe(1);
    expect(await optIn.toggle()).toBe('on');
    // Blocked in the browser's site settings: the Permissions API says so, the next render shows it.
    permission = 'denied';
    expect(optIn.state).toBe('on');
    changed!();
    expect([optIn.state, optIn.permission]).toEqual(['blocked', 'default']);
    const before = reads;
    for (let render = 0; render < 50; render++) void optIn.state;
    expect(reads).toBe(before);
  });

  it('make the box render again when the browser changed the permission, and only then', () => {
    let permission: NotificationPermission = 'denied';
    const a: NotificationApi = { get permission() { return permission; }, requestPermission: () => Promise.resolve(permission) };
    let changed: (() => void) | undefined;
    let renders = 0;
    const optIn = new NotifyOptIn(
      () => a,
      (callback) => (changed = callback),
      () => renders++,
    );
    expect(optIn.state).toBe('blocked');
    changed!(); // e.g. the window got the focus back, nothing changed
    expect(renders).toBe(0);
    // Reset in the browser's site settings: the toggle is offered again without waiting for another render's cause.
    permission = 'default';
    changed!();
    expect([renders, optIn.state]).toEqual([1, 'off']);
  });

  it('look again when the Permissions API reports a change, and when the window gets the focus back', async () => {
    const window = new EventTarget();
    const status = new EventTarget();
    const queried: string[] = [];
    let calls = 0;
    watchPermission(() => calls++, {
      addEventListener: (type, listener) => window.addEventListener(type, listener),
      navigator: {
        permissions: {
          query: (descriptor) => {
            queried.push(descriptor.name);
            return Promise.resolve(status as PermissionStatus);
          },
        },
      },
    });
    await Promise.resolve();
    status.dispatchEvent(new Event('change'));
    window.dispatchEvent(new Event('focus'));
    expect([queried, calls]).toEqual([['notifications'], 2]);
  });

  it('look again on focus where the Permissions API is missing or refuses notifications (Safari)', async () => {
    for (const navigator of [{}, { permissions: { query: () => Promise.reject(new TypeError('notifications')) } }]) {
      const window = new EventTarget();
      let calls = 0;
      watchPermission(() => calls++, { navigator, addEventListener: (type, listener) => window.addEventListener(type, listener) });
      await new Promise((resolve) => setTimeout(resolve, 0));
      window.dispatchEvent(new Event('focus'));
      expect(calls).toBe(1);
    }
  });

  it('stop watching when the box leaves the page, and watch again (reading afresh) when it is back', async () => {
    const window = new EventTarget();
    const status = new EventTarget();
    let calls = 0;
    const stop = watchPermission(() => calls++, {
      addEventListener: (type, listener) => window.addEventListener(type, listener),
      removeEventListener: (type, listener) => window.removeEventListener(type, listener),
      navigator: { permissions: { query: () => Promise.resolve(status as PermissionStatus) } },
    });
    await Promise.resolve();
    stop();
    status.dispatchEvent(new Event('change'));
    window.dispatchEvent(new Event('focus'));
    expect(calls).toBe(0);

    let watches = 0;
    let stops = 0;
    let reads = 0;
    const a: NotificationApi = { get permission() { reads++; return 'default' as const; }, requestPermission: () => Promise.resolve('default') };
    const optIn = new NotifyOptIn(
      () => a,
      () => (watches++, () => stops++),
    );
    void [optIn.state, optIn.state];
    optIn.unwatch();
    void [optIn.state, optIn.state];
    expect([watches, stops, reads]).toEqual([2, 1, 2]);
  });
});
