// ESLint flat config (ESLint 9, typescript-eslint 8).
//
// - .ts/.mts/.cts: typescript-eslint `recommendedTypeChecked`, type information from the
//   TypeScript project service (uses the nearest tsconfig.json, i.e. ./tsconfig.json, whose
//   `include` covers src/, test/, bench/, demo/, build/ and root *.ts). A .ts file outside that
//   `include` fails with "was not found by the project service": add it to tsconfig.json.
// - .js/.mjs/.cjs: ESLint's plain `recommended`, Node globals for root config files, bench/,
//   scripts/, .ci/ and the demo server (demo/*.js); browser globals for demo/assets/.
// - src/**: the module structure (`SOURCE_STRUCTURE`): no import cycles (import-x/no-cycle, modules resolved as
//   TypeScript resolves them) and no file over 400 lines. test/unit/structure.test.ts runs the same two rules, so
//   `npm test` fails on them too.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The structure rules for src/ and the build's plugins in build/ (generated files are ignored globally). `max-lines` counts every line, blank and
 * comment lines included: the limit is about how much there is to read in one file, and doc comments are part of
 * that; it also makes the count the same as `wc -l`, so nobody has to guess how a file measures.
 * `import-x/no-cycle` follows value imports; like TypeScript's emit, it leaves out `import type` edges, which
 * vanish at runtime.
 */
export const SOURCE_STRUCTURE = {
  files: ['src/**/*.ts', 'build/**/*.ts'],
  plugins: { 'import-x': importX },
  settings: {
    // Without these, import-x skips .ts files when it follows imports, and finds no cycle at all.
    'import-x/extensions': ['.ts', '.js'],
    'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${import.meta.dirname}/tsconfig.json` })],
  },
  rules: {
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
    'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
  },
};

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];

// `_`-prefixed names are deliberately unused (socket.io ack callbacks, lit lifecycle
// overrides, destructuring away fields, ...).
const unusedVarsOptions = {
  args: 'after-used',
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
  ignoreRestSiblings: true,
};

export default defineConfig([
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/coverage/',
    '**/test-results/',
    '**/custom-elements.json',
    // Written by lit-localize build (npm run localize:build) from locales/*.xlf.
    'src/*/generated/',
    // The consumer apps (their own package.json, lockfile, tsconfig and node_modules; built and type-checked by
    // their own tools in test/consumers/consumers.test.ts).
    'test/consumers/*/',
    // The React and Vue declarations for consumers: they import react and vue, which only the consumer apps install
    // (their builds type-check them).
    'types/',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Plain JavaScript.
  {
    files: JS_FILES,
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    rules: {
      'no-unused-vars': ['error', unusedVarsOptions],
    },
  },
  {
    files: ['*.{js,mjs,cjs}', 'bench/**/*.{js,mjs,cjs}', 'scripts/**/*.{js,mjs,cjs}', '.ci/**/*.{js,mjs,cjs}', 'demo/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['demo/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },

  // TypeScript, type-aware.
  {
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', unusedVarsOptions],
      // Kept on: an un-awaited promise in a socket handler is an unhandled rejection waiting
      // to happen. Write `void promise` where fire-and-forget is intended.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Off: an `async` method without `await` is the right way to implement a
      // Promise-returning interface synchronously (e.g. the in-memory store behind the Store
      // interface): a throw inside it still becomes a rejection, whereas the rewrite this
      // rule asks for (`return Promise.resolve(x)`) would throw synchronously instead.
      '@typescript-eslint/require-await': 'off',
    },
  },
  SOURCE_STRUCTURE,
  {
    // vitest: `expect(obj.method).toHaveBeenCalled()` and `vi.spyOn` patterns pass methods
    // around unbound on purpose.
    files: ['test/**/*.{ts,mts,cts}'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Browser tests wait through test/browser/wait.ts: @open-wc's 1 s default turns a wait into a timing check that
    // fails under load (speed is the benchmarks' job).
    files: ['test/browser/**/*.ts'],
    ignores: ['test/browser/wait.ts', 'test/browser/chai.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@open-wc/testing', importNames: ['waitUntil'], message: "Import waitUntil from './wait.js'." }] },
      ],
    },
  },
]);
