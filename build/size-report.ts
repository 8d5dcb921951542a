/** What the builds print of their output's sizes, and the checks of it for code a strict CSP refuses. */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Gzip level 9 size of `code`, in bytes. */
export function gzipSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}

/** Things a strict Content-Security-Policy (no 'unsafe-eval') would refuse to run. */
export function findEval(code: string): string[] {
  return [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*["'`]/].filter((re) => re.test(code)).map(String);
}

/** Prints the gzip size of each chunk written, and warns when one contains eval. */
export function chunkReport(): Plugin {
  return {
    name: 'rsw-chunk-report',
    writeBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        console.log(`${options.dir ?? ''}/${chunk.fileName}: gzip -9 ${(gzipSize(chunk.code) / 1024).toFixed(1)} KB`);
        const evals = findEval(chunk.code);
        if (evals.length) this.warn(`${chunk.fileName} contains code a strict CSP refuses: ${evals.join(', ')}`);
      }
    },
  };
}

/** Reports the gzip size of `file` after each build and warns over `budget` or when it contains eval. */
export function sizeReport(file: string, budget: number): Plugin {
  return {
    name: 'rsw-size-report',
    writeBundle(options, bundle) {
      const chunk = bundle[file];
      if (!chunk || chunk.type !== 'chunk') return;
      const gz = gzipSize(chunk.code);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const line = `${options.dir ?? ''}/${file}: ${kb(chunk.code.length)}, gzip -9 ${kb(gz)} (budget ${kb(budget)})`;
      console.log(line);
      if (gz > budget) this.warn(`OVER BUDGET by ${kb(gz - budget)}: ${line}`);
      const evals = findEval(chunk.code);
      if (evals.length) this.warn(`${file} contains code a strict CSP refuses: ${evals.join(', ')}`);
    },
  };
}
