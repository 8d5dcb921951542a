/** The public element's attributes and properties (remote-support-widget.ts documents them), without lit. */

export type Props = {
  server: string;
  vendor: string;
  code: string;
  position: 'bottom-right' | 'bottom-left';
  termsUrl: string;
  functions: string;
  open: boolean;
  path: string;
  transports: string;
  queue: boolean;
  theme: 'light' | 'dark' | undefined;
  sound: boolean;
};

/** The properties' defaults. */
export function initialProps(): Props {
  return { server: '', vendor: '', code: '', position: 'bottom-right', termsUrl: '', functions: '', open: false, path: '', transports: '', queue: false, theme: undefined, sound: false };
}

/** The properties, in their order. */
export const PROPS = Object.keys(initialProps()) as (keyof Props)[];

/** Attribute → property: each property's attribute is its name in kebab case (`termsUrl` → `terms-url`). */
export const ATTRIBUTES: Record<string, keyof Props> = Object.fromEntries(PROPS.map((p) => [p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), p]));

/** Properties whose attribute (of the same name) follows them. */
export const REFLECTED: (keyof Props)[] = ['position', 'open', 'queue', 'theme', 'sound'];

/** The property value of an attribute's text (`null`: the attribute is absent). */
export function fromAttribute<K extends keyof Props>(prop: K, value: string | null): Props[K] {
  if (prop === 'open' || prop === 'queue' || prop === 'sound') return (value !== null) as Props[K];
  if (prop === 'theme') return (value === 'light' || value === 'dark' ? value : undefined) as Props[K];
  if (prop === 'position') return (value === 'bottom-left' ? value : 'bottom-right') as Props[K];
  return (value ?? '') as Props[K];
}

/** The properties set on `el` before it was upgraded (own properties that hide the accessors), removed from it. */
export function takeEarlyProps(el: HTMLElement): [keyof Props, Props[keyof Props]][] {
  const taken: [keyof Props, Props[keyof Props]][] = [];
  for (const prop of PROPS) {
    if (!Object.hasOwn(el, prop)) continue;
    taken.push([prop, (el as unknown as Props)[prop]]);
    delete (el as unknown as Partial<Props>)[prop];
  }
  return taken;
}
