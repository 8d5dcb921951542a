/**
 * Desktop notifications as the customer's own choice: off until they turn them on with a click (the browser's
 * permission is asked for only then, from inside that click), and off again with another click. A permission the
 * page already had is not taken as the customer's choice. The browser's Notification API is reached through
 * `NotificationApi`, so the logic is tested without one.
 *
 * The box reads the state on every render, and Chromium answers `Notification.permission` with a synchronous call to
 * its browser process (slow when that process is busy, e.g. capturing the screen): the permission is read once and
 * again only after the customer's click asked for it, or when it may have changed in the browser's site settings
 * (`watchPermission`), so that a render never waits for it; a change found so re-renders the box.
 */

/** What the toggle shows: no API, off, on, or refused in the browser's settings. */
export type NotifyState = 'unsupported' | 'off' | 'on' | 'blocked';

export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
}

/** The browser's Notification API, when there is one. */
export function browserNotifications(): NotificationApi | undefined {
  const api = (globalThis as { Notification?: NotificationApi }).Notification;
  return typeof api?.requestPermission === 'function' ? api : undefined;
}

/** Where `watchPermission` listens: the window (its `focus`) and its Permissions API. */
export interface PermissionEnv {
  readonly navigator?: { readonly permissions?: Pick<Permissions, 'query'> };
  addEventListener?(type: 'focus', listener: () => void): void;
  removeEventListener?(type: 'focus', listener: () => void): void;
}

/**
 * Calls `changed` when the notifications permission may have changed outside the customer's click: when the
 * Permissions API reports a change (where it can), and when the window gets the focus back, as the customer comes back
 * from the browser's settings (the only sign where that API is missing or silent about notifications, as in Safari).
 * Returns what stops it.
 */
export function watchPermission(changed: () => void, env: PermissionEnv = globalThis): () => void {
  let stopped = false;
  let status: PermissionStatus | undefined;
  env.addEventListener?.('focus', changed);
  void env.navigator?.permissions
    ?.query({ name: 'notifications' })
    .then((answer) => {
      if (stopped) return;
      status = answer;
      answer.addEventListener('change', changed);
    })
    .catch(() => undefined);
  return () => {
    stopped = true;
    env.removeEventListener?.('focus', changed);
    status?.removeEventListener('change', changed);
  };
}

export class NotifyOptIn {
  readonly #api: () => NotificationApi | undefined;
  readonly #watch: (changed: () => void) => () => void;
  readonly #changed: () => void;
  /** The customer turned them on. */
  #wanted = false;
  /** The browser's permission as last read (undefined: to be read). */
  #permission: NotificationPermission | undefined;
  /** Stops watching the permission, while it is watched. */
  #unwatch: (() => void) | undefined;

  /** `changed`: the state changed outside a click (the box renders again). */
  constructor(api: () => NotificationApi | undefined = browserNotifications, watch = watchPermission, changed: () => void = () => undefined) {
    this.#api = api;
    this.#watch = watch;
    this.#changed = changed;
  }

  /** The permission may have changed in the browser: read it again, and say so when it did. */
  #recheck(): void {
    const api = this.#api();
    const before = this.#permission;
    this.#permission = undefined;
    if (api && this.#read(api) !== before) this.#changed();
  }

  /** The browser's permission: read on first use (which starts watching it for changes) and after each change. */
  #read(api: NotificationApi): NotificationPermission {
    this.#unwatch ??= this.#watch(() => this.#recheck());
    return (this.#permission ??= api.permission);
  }

  /** Stops watching the permission (the box left the page); the next read starts again, afresh. */
  unwatch(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#permission = undefined;
  }

  get state(): NotifyState {
    const api = this.#api();
    if (!api) return 'unsupported';
    const permission = this.#read(api);
    if (permission === 'denied') return 'blocked';
    return this.#wanted && permission === 'granted' ? 'on' : 'off';
  }

  /** For Attention: 'granted' only while the customer wants notifications and the browser allows them. */
  get permission(): NotificationPermission | 'unsupported' {
    const state = this.state;
    return state === 'unsupported' ? state : state === 'on' ? 'granted' : 'default';
  }

  /**
   * The customer's click on the toggle (call it synchronously from a trusted click: the browser asks for the permission
   * only with that user activation). Resolves to the new state.
   */
  async toggle(): Promise<NotifyState> {
    const api = this.#api();
    if (!api) return 'unsupported';
    this.#permission = undefined; // a click is rare: read afresh
    if (this.state === 'on') {
      this.#wanted = false;
      return this.state;
    }
    this.#wanted = true;
    if (this.#read(api) === 'default') {
      try {
        await api.requestPermission();
      } catch {
        // Seen as not allowed.
      }
      this.#permission = undefined;
    }
    if (this.#read(api) !== 'granted') this.#wanted = false;
    return this.state;
  }
}
