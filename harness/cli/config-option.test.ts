import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drill } from '../../tests/support/drill-cli.js';
import { loadConfig } from '../config/load-config.js';
import { chooseScenarios } from './scenario-args.js';

// --config FILE and scenario files of one's own: what is chosen, and what is refused (exit 2,
// before anything starts).
const API = resolve(import.meta.dirname, '..', 'api.ts');
const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'examples', 'my-scenario.ts');
const PLAIN = resolve(
  import.meta.dirname,
  '..',
  '..',
  'system-under-test',
  'plain-gateway',
  'drill.config.ts',
);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drill-cli-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const scenarioFile = (name: string, criteria: string) =>
  `import { defineScenario, RUNBOOK_DEFAULTS } from ${JSON.stringify(API)};
export default defineScenario({
  name: ${JSON.stringify(name)},
  title: 'mine',
  runbook: { file: 'x.md', section: 'y', quote: 'z' },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 10, roomSize: 5, messagesPerSecond: 5, messageBytes: 100, connectRatePerSecond: 50 },
  timeline: { warmup: 5, steadyState: 5, observe: 10, settle: 5 },
  faults: [],
  criteria: ${criteria},
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
`;

describe('choosing scenarios', () => {
  it('names a built-in, a path, or a scenario of the config’s folders', async () => {
    const dir = project({
      'drill.config.ts': `export default { scenarios: ['drills'] };\n`,
      'drills/mine.ts': scenarioFile('mine', "['duplicates']"),
      'drills/helper.ts': 'export const shared = 1;\n',
    });
    const loaded = await loadConfig(undefined, dir);
    const chosen = await chooseScenarios(['observe', EXAMPLE, 'mine'], loaded, dir);
    expect(chosen.map((s) => s.name)).toEqual(['observe', 'my-pod-kill', 'mine']);
    await expect(chooseScenarios(['nope'], loaded, dir)).rejects.toThrow(
      /no scenario "nope"; known: .*observe.*mine/,
    );
  });

  it('refuses a user scenario asking for a criterion the target lacks, but not a built-in one', async () => {
    const dir = project({ 'wants.ts': scenarioFile('wants', "['duplicates', 'stored-once']") });
    const plain = await loadConfig(PLAIN);
    await expect(chooseScenarios(['./wants.ts'], plain, dir)).rejects.toThrow(
      /criterion stored-once needs 'durable-store'.*which the target plain-gateway lacks/,
    );
    // A built-in scenario's criteria the target lacks are judged not applicable instead.
    expect((await chooseScenarios(['observe'], plain, dir)).map((s) => s.name)).toEqual(['observe']);
  });
});

describe('drill run --config', () => {
  it('an invalid config is a usage error naming the field, before anything starts', async () => {
    const dir = project({ 'bad.config.ts': 'export default { target: { name: "x" }, profil: "quick" };\n' });
    const run = await drill(['run', 'observe', '--config', join(dir, 'bad.config.ts')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.config\.ts is not valid:/);
    expect(run.stderr).toMatch(/profil: unknown field/);
    expect(run.stderr).toMatch(/target\.services: required/);
  });

  it('a missing config file is a usage error', async () => {
    const run = await drill(['run', 'observe', '--config', '/nonexistent/drill.config.ts']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no config file \/nonexistent\/drill\.config\.ts/);
  });
});
