/**
 * Builds the technician console as one script-tag file, dist/console/remote-support-console.js, with the same
 * plugins and settings as the widget's script-tag bundle (vite.config.ts). `npm run build` runs it after the widget.
 */
import { defineConfig } from 'vite';
import { scriptTagConfig } from './vite.config.js';

const base = scriptTagConfig('dist/console', true);

export default defineConfig({
  ...base,
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
