// README recipe: Angular (the snippet between the markers is the one in the README).
// recipe:start
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import { RemoteSupportWidget, type RswGrantEvent } from 'remote-support-widget/widget';

RemoteSupportWidget.define();

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <button (click)="open.set(true)">Get help</button>
    <output>{{ granted().join(' ') }}</output>
    <remote-support-widget [server]="server" vendor="Example Ltd" [open]="open()"
      (rsw-grant)="onGrant($event)" (rsw-session-end)="open.set(false)"></remote-support-widget>
  `,
})
export class App {
  readonly server = new URLSearchParams(location.search).get('relay') ?? 'https://support.example.com';
  readonly open = signal(false);
  readonly granted = signal<string[]>([]);

  onGrant(event: Event): void {
    const { fn } = event as RswGrantEvent;
    this.granted.update((fns) => [...fns, fn]);
  }
}
// recipe:end
