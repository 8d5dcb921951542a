// The module structure of src/ and build/: no import cycles and no source file over 400 lines (generated files aside). Runs the
// two rules from eslint.config.js (import-x/no-cycle, max-lines) through ESLint's Node API, so `npm test` fails on
// them as `npm run lint` does. Type information is not needed for these rules, so the parser runs without it.
// Cost: about 6 s of CPU (src/ is parsed twice, to lint it and for import-x's map of each module's imports).
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RULES = new Set(['import-x/no-cycle', 'max-lines']);
const AREAS = ['src/protocol', 'src/ui', 'src/server', 'src/widget', 'src/console', 'build'];

describe('the structure of src/ and build/', () => {
  let eslint: ESLint;
  let problems: string[];

  beforeAll(async () => {
    eslint = new ESLint({
      cwd: ROOT,
      ruleFilter: ({ ruleId }) => RULES.has(ruleId),
      overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
      cache: false,
    });
    const results = await eslint.lintFiles(['src/', 'build/']);
    problems = results.flatMap((result) =>
      result.messages.map((m) => `${relative(ROOT, result.filePath)}:${m.line} ${m.ruleId ?? 'parse error'}: ${m.message}`),
    );
  }, 60_000);

  it('is checked with both rules as errors, at 400 lines', async () => {
    const config = (await eslint.calculateConfigForFile('src/console/index.ts')) as { rules: Record<string, unknown[]> };
    expect(config.rules['import-x/no-cycle']?.[0]).toBe(2);
    expect(config.rules['max-lines']).toEqual([2, expect.objectContaining({ max: 400 })]);
  });

  it('covers every area of src/ and build/', () => {
    // An area added later must be listed above, or its problems would show under none of the tests below.
    const unlisted = problems.filter((p) => !AREAS.some((area) => p.startsWith(`${area}/`)));
    expect(unlisted, unlisted.join('\n')).toEqual([]);
  });

  it.each(AREAS)('%s has no import cycle and no file over 400 lines', (area) => {
    const found = problems.filter((p) => p.startsWith(`${area}/`));
    expect(found, `\n${found.join('\n')}\n`).toEqual([]);
  });
});
