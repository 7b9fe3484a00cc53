import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drill } from './support/drill-cli.js';

// A scenario file of one's own, written against the public API (examples/my-scenario.ts), run by
// its path against the reference target at a tiny size: it passes. And what the CLI refuses before
// anything starts: a file that does not export a scenario, a criterion the target cannot support.
const EXAMPLE = resolve(import.meta.dirname, '..', 'examples', 'my-scenario.ts');
const PLAIN_CONFIG = resolve(
  import.meta.dirname,
  '..',
  'system-under-test',
  'plain-gateway',
  'drill.config.ts',
);

describe('drill run ./my-scenario.ts', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-user-scenario-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('runs the worked example against the reference and passes', async () => {
    const run = await drill([
      'run',
      './examples/my-scenario.ts',
      '--time-scale',
      '0.1',
      '--clients',
      '20',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const dir = /run directory: (.+)/.exec(run.stdout)?.[1];
    expect(dir).toBeDefined();
    const result = JSON.parse(await readFile(join(dir!, 'result.json'), 'utf8')) as {
      scenario: string | { name: string };
      criteria: Array<{ criterion: string; verdict: string }>;
    };
    expect(run.stdout).toMatch(/PASS: .*my-pod-kill/);
    expect(result.criteria.map((c) => c.criterion)).toEqual(
      expect.arrayContaining([
        'lost-messages',
        'duplicates',
        'sender-order',
        'reconnect-time',
        'unrecovered-clients',
      ]),
    );
  }, 240_000);

  it('refuses a file that does not export a scenario, before anything starts', async () => {
    const file = join(out, 'not-a-scenario.ts');
    await writeFile(file, 'export const notDefault = 1;\n');
    const run = await drill(['run', file, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not-a-scenario\.ts does not export a scenario/);
  });

  it('refuses a criterion the target cannot support, naming the capability', async () => {
    const file = join(out, 'wants-acks.ts');
    const example = await readFile(EXAMPLE, 'utf8');
    await writeFile(
      file,
      example
        .replace(
          "'../harness/api.js'",
          JSON.stringify(resolve(import.meta.dirname, '..', 'harness', 'api.ts')),
        )
        .replace("name: 'my-pod-kill'", "name: 'wants-acks'")
        .replace('criteria: [', "criteria: [\n    'lost-acked',"),
    );
    const run = await drill(['run', file, '--config', PLAIN_CONFIG, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/criterion lost-acked needs 'acks'.*which the target plain-gateway lacks/);
  });
});
