import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKERS } from './index.js';

// The harness's verdicts are only worth something if each criterion is shown to fail: every
// registered checker must have a unit test that drives it to a 'fail' verdict and looks at the
// evidence it names. This reads the test sources; it does not replace them.
const dir = import.meta.dirname;
const sources = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const),
);
const tests = [...sources].filter(([f]) => f.endsWith('.test.ts')).map(([file, text]) => ({ file, text }));

/** An assertion that the verdict is 'fail' (not merely the word somewhere in the file). */
const EXPECTS_FAIL = /verdict: 'fail'|\.toBe\('fail'\)/;
const READS_EVIDENCE = /\.evidence\b|evidence: \[/;

function definingFile(id: string): string | undefined {
  return [...sources].find(([f, text]) => !f.endsWith('.test.ts') && text.includes(`id: '${id}'`))?.[0];
}

describe('every registered checker is shown to fail, with evidence', () => {
  for (const id of Object.keys(CHECKERS)) {
    it(id, () => {
      const file = definingFile(id);
      expect(file, `no source file defines id '${id}'`).toBeDefined();
      const module = `./${file!.replace(/\.ts$/, '.js')}`;
      const covering = tests.filter((t) => t.text.includes(`'${module}'`));
      expect(
        covering.map((t) => t.file),
        `no test imports ${module}`,
      ).not.toEqual([]);
      const failing = covering.filter((t) => EXPECTS_FAIL.test(t.text) && READS_EVIDENCE.test(t.text));
      expect(
        failing.map((t) => t.file),
        `no test of ${module} expects a fail verdict with evidence`,
      ).not.toEqual([]);
    });
  }
});
