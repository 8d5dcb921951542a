/**
 * Vue 3 template types for the package's elements: `import type {} from 'remote-support-widget/vue';` once in the
 * app (or list it in tsconfig's `types`), and tell Vue's compiler that tags starting with `remote-support-` are custom
 * elements (`compilerOptions.isCustomElement`). Vue sets the elements' properties; `@rsw-grant` listens to the event.
 */
import type { RemoteSupportConsole } from '../dist/types/console/index.js';
import type { RemoteSupportWidget, RemoteSupportWidgetEventMap } from '../dist/types/widget/index.js';

type WidgetProperties = 'server' | 'vendor' | 'code' | 'position' | 'termsUrl' | 'functions' | 'open' | 'queue' | 'theme' | 'path' | 'transports' | 'sound';

/** `@rsw-grant="(event) => …"` and so on: Vue types a listener `@rsw-grant` as the prop `onRswGrant`. */
type Handlers<Map> = {
  [K in keyof Map & string as `on${Capitalize<CamelCase<K>>}`]?: (event: Map[K]) => void;
};
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

export type RemoteSupportWidgetVueProps = Partial<Pick<RemoteSupportWidget, WidgetProperties>> &
  Handlers<RemoteSupportWidgetEventMap> & { 'terms-url'?: string; lang?: string };

export type RemoteSupportConsoleVueProps = Partial<Pick<RemoteSupportConsole, 'server' | 'functions' | 'theme' | 'token'>> & {
  lang?: string;
};

declare module 'vue' {
  interface GlobalComponents {
    'remote-support-widget': new () => { $props: RemoteSupportWidgetVueProps };
    'remote-support-console': new () => { $props: RemoteSupportConsoleVueProps };
  }
}
