/**
 * Desktop notifications as the customer's own choice: off until they turn them on with a click (the browser's
 * permission is asked for only then, from inside that click), and off again with another click. A permission the
 * page already had is not taken as the customer's choice. The browser's Notification API is reached through
 * `NotificationApi`, so the logic is tested without one.
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

export class NotifyOptIn {
  readonly #api: () => NotificationApi | undefined;
  /** The customer turned them on. */
  #wanted = false;

  constructor(api: () => NotificationApi | undefined = browserNotifications) {
    this.#api = api;
  }

  get state(): NotifyState {
    const api = this.#api();
    if (!api) return 'unsupported';
    if (api.permission === 'denied') return 'blocked';
    return this.#wanted && api.permission === 'granted' ? 'on' : 'off';
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
    if (this.state === 'on') {
      this.#wanted = false;
      return this.state;
    }
    this.#wanted = true;
    if (api.permission === 'default') {
      try {
        await api.requestPermission();
      } catch {
        // Seen as not allowed.
      }
    }
    if (api.permission !== 'granted') this.#wanted = false;
    return this.state;
  }
}
