import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKERS } from './index.js';

// The harness's verdicts are only worth something if each criterion is shown to fail: every
// registered checker must have a unit test that drives it to a 'fail' verdict and looks at the
// evidence it names. This reads the test sources; it does not replace them.
const dir = import.meta.dirname;
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const tests = sources.filter((f) => f.endsWith('.test.ts')).map((f) => ({ file: f, text: read(f) }));

function definingFile(id: string): string | undefined {
  return sources.find((f) => !f.endsWith('.test.ts') && read(f).includes(`id: '${id}'`));
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
      const failing = covering.filter((t) => /['"]fail['"]/.test(t.text) && /evidence/.test(t.text));
      expect(
        failing.map((t) => t.file),
        `no test of ${module} expects a fail verdict with evidence`,
      ).not.toEqual([]);
    });
  }
});
