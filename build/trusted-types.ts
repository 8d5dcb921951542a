import type { Plugin } from 'vite';

/**
 * lit-html creates a Trusted Types policy named `lit-html` when its module runs. A page built with Lit has one already,
 * and under a `trusted-types` directive without 'allow-duplicates' a second `createPolicy('lit-html')` throws, so the
 * widget would never render. The script-tag bundles carry their own copy of lit, so they name its policy after
 * themselves; a vendor enforcing Trusted Types allows that name. (The ES module build shares the page's lit and its
 * policy.)
 */
export function ownTrustedTypesPolicy(name: string): Plugin {
  return {
    name: 'rsw-trusted-types-policy',
    transform(code, id) {
      if (!/[\\/]lit-html[\\/](development[\\/])?lit-html\.js$/.test(id)) return null;
      const out = code.replace(/createPolicy\((["'`])lit-html\1/, `createPolicy("${name}"`);
      if (out === code) this.error('lit-html changed: its Trusted Types policy could not be renamed');
      return { code: out, map: null };
    },
  };
}
