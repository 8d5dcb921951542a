/**
 * React 19 JSX types for the package's elements: `import type {} from 'remote-support-widget/react';` once in the
 * app (or list it in tsconfig's `types`). React 19 sets the elements' properties and listens to `onrsw-*` props as
 * the `rsw-*` DOM events.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { RemoteSupportConsole } from '../dist/types/console/index.js';
import type { RemoteSupportWidget, RemoteSupportWidgetEventMap } from '../dist/types/widget/index.js';

type WidgetProperties = 'server' | 'vendor' | 'code' | 'position' | 'termsUrl' | 'functions' | 'open' | 'queue' | 'theme' | 'path' | 'transports' | 'sound';

/** `onrsw-grant={(event) => …}` and so on, one typed handler per event. */
export type RemoteSupportWidgetEventProps = {
  [K in keyof RemoteSupportWidgetEventMap as `on${K}`]?: (event: RemoteSupportWidgetEventMap[K]) => void;
};

/** The props of `<remote-support-widget>` in JSX. */
export type RemoteSupportWidgetProps = DetailedHTMLProps<HTMLAttributes<RemoteSupportWidget>, RemoteSupportWidget> &
  Partial<Pick<RemoteSupportWidget, WidgetProperties>> &
  RemoteSupportWidgetEventProps & { 'terms-url'?: string };

/** The props of `<remote-support-console>` in JSX (`token` is a property: React 19 sets it as one). */
export type RemoteSupportConsoleProps = DetailedHTMLProps<HTMLAttributes<RemoteSupportConsole>, RemoteSupportConsole> &
  Partial<Pick<RemoteSupportConsole, 'server' | 'functions' | 'theme' | 'token'>>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'remote-support-widget': RemoteSupportWidgetProps;
      'remote-support-console': RemoteSupportConsoleProps;
    }
  }
}
