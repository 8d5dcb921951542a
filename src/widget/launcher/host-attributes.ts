/** The public element's attributes and properties (remote-support-widget.ts documents them), without lit. */

export type Props = {
  server: string;
  vendor: string;
  code: string;
  position: 'bottom-right' | 'bottom-left';
  termsUrl: string;
  functions: string;
  opened: boolean;
  queue: boolean;
  theme: 'light' | 'dark' | undefined;
};

/** Attribute → property. */
export const ATTRIBUTES: Record<string, keyof Props> = {
  server: 'server',
  vendor: 'vendor',
  code: 'code',
  position: 'position',
  'terms-url': 'termsUrl',
  functions: 'functions',
  open: 'opened',
  queue: 'queue',
  theme: 'theme',
};
/** Properties whose attribute follows them. */
export const REFLECTED: Partial<Record<keyof Props, string>> = { position: 'position', opened: 'open', queue: 'queue', theme: 'theme' };

/** The properties' defaults. */
export function initialProps(): Props {
  return { server: '', vendor: '', code: '', position: 'bottom-right', termsUrl: '', functions: '', opened: false, queue: false, theme: undefined };
}

/** The property value of an attribute's text (`null`: the attribute is absent). */
export function fromAttribute<K extends keyof Props>(prop: K, value: string | null): Props[K] {
  if (prop === 'opened' || prop === 'queue') return (value !== null) as Props[K];
  if (prop === 'theme') return (value === 'light' || value === 'dark' ? value : undefined) as Props[K];
  if (prop === 'position') return (value === 'bottom-left' ? value : 'bottom-right') as Props[K];
  return (value ?? '') as Props[K];
}
