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

/** A test file's top-level describe blocks: title and text, up to the next one. */
function blocksOf(text: string): Array<{ title: string; text: string }> {
  const starts = [...text.matchAll(/^describe\((['`])(.*?)\1/gm)];
  return starts.map((m, i) => ({
    title: m[2]!,
    text: text.slice(m.index, starts[i + 1]?.index ?? text.length),
  }));
}

/**
 * What of a test file speaks of checker `id`: its describe blocks that name it; the whole file only
 * when no block names another checker (a file testing several must show each one fail on its own).
 */
function partAbout(id: string, text: string): string {
  const blocks = blocksOf(text);
  const named = blocks.filter((b) => b.title.includes(id));
  if (named.length > 0) return named.map((b) => b.text).join('\n');
  const others = Object.keys(CHECKERS).filter((other) => other !== id);
  return blocks.some((b) => others.some((other) => b.title.includes(other))) ? '' : text;
}

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
      const failing = covering.filter((t) => {
        const part = partAbout(id, t.text);
        return EXPECTS_FAIL.test(part) && READS_EVIDENCE.test(part);
      });
      expect(
        failing.map((t) => t.file),
        `no test of ${module} expects a fail verdict of ${id} with evidence (in a describe block naming it)`,
      ).not.toEqual([]);
    });
  }
});
