/**
 * Builds the technician console as one script-tag file, dist/console/remote-support-console.js, with the same
 * plugins and settings as the widget's box chunks (vite.config.ts), its ES module for bundlers as
 * dist/console/index.js (with a chunk per language), and its languages besides English as
 * dist/console/locales/<locale>.js (for the script tag). `npm run build` runs it after the widget.
 */
import { build, defineConfig } from 'vite';
import { buildLocales, iifeConfig, moduleConfig, TRUSTED_TYPES_POLICY } from './vite.config.js';

const base = iifeConfig('dist/console', true, TRUSTED_TYPES_POLICY.console);

export default defineConfig({
  ...base,
  plugins: [
    ...(base.plugins ?? []),
    {
      name: 'rsc-module-and-locales',
      apply: 'build',
      async closeBundle() {
        await build({ configFile: false, ...moduleConfig('dist/console', false, 'console') });
        await buildLocales('console');
      },
    },
  ],
  build: {
    ...base.build,
    lib: {
      entry: 'src/console/script-tag.ts',
      formats: ['iife'],
      name: 'RemoteSupportConsoleScript',
      fileName: () => 'remote-support-console.js',
    },
  },
});
