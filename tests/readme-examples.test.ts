import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../harness/config/load-config.js';
import { loadScenarioFile, unsupportedCriteria } from '../harness/config/scenario-files.js';
import { validateScenario } from '../harness/runner/validate-scenario.js';
import { PROVIDERS } from '../harness/env/providers.js';

// The README's "Testing your own gateway" examples, loaded for real: each code block marked
// `<!-- readme-example: config -->` is written to a drill.config.ts and loaded with loadConfig
// (schema, templates, command, folders, the target resolved); each marked `scenario` is loaded as
// a scenario file and validated. `import … from 'runbook-drill'` is pointed at the repository's own
// entry point, which is what the package exports.
const ROOT = resolve(import.meta.dirname, '..');
const API = join(ROOT, 'harness', 'api.ts');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Example {
  kind: 'config' | 'scenario';
  code: string;
  line: number;
}

function examples(): Example[] {
  const found: Example[] = [];
  const marker = /<!-- readme-example: (config|scenario) -->\s*\n```ts\n([\s\S]*?)\n```/g;
  for (const m of README.matchAll(marker)) {
    found.push({
      kind: m[1] as Example['kind'],
      code: m[2]!,
      line: README.slice(0, m.index).split('\n').length + 1,
    });
  }
  return found;
}

const localImport = (code: string) => code.replaceAll("from 'runbook-drill'", `from ${JSON.stringify(API)}`);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'drill-readme-'));
  dirs.push(d);
  return d;
};

describe('README: Testing your own gateway', () => {
  const all = examples();

  it('has a config for a command, one for an image, one for --target URL, and a scenario file', () => {
    const configs = all.filter((e) => e.kind === 'config').map((e) => e.code);
    expect(configs.length).toBeGreaterThanOrEqual(3);
    expect(configs.some((c) => /local: \{/.test(c))).toBe(true);
    expect(configs.some((c) => /image: \{/.test(c))).toBe(true);
    expect(configs.some((c) => /hooks: \{/.test(c) && !/local: |image: /.test(c))).toBe(true);
    expect(all.filter((e) => e.kind === 'scenario')).toHaveLength(1);
    expect(README).toMatch(/--target https?:\/\//);
    expect(README).toMatch(/drill doctor/);
    for (const e of all) expect(e.code).toMatch(/from 'runbook-drill'/);
  });

  it.each(all.filter((e) => e.kind === 'config').map((e) => [e.line, e] as const))(
    'the config at README line %i loads and validates',
    async (_line, example) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'drill.config.ts'), localImport(example.code));
      writeFileSync(join(dir, 'server.js'), '');
      const loaded = await loadConfig(undefined, dir);
      expect(loaded.file).toBe(join(dir, 'drill.config.ts'));
      expect(loaded.target.definition.name).toMatch(/\S/);
      expect(loaded.target.adapter.kind).toBe(loaded.target.definition.adapter.kind);
    },
  );

  it('the scenario file validates, and asks nothing of the command-started gateway it lacks', async () => {
    const [example] = all.filter((e) => e.kind === 'scenario');
    const dir = tempDir();
    writeFileSync(join(dir, 'my-scenario.ts'), localImport(example!.code));
    const { scenario } = await loadScenarioFile('my-scenario.ts', dir);
    expect(validateScenario(scenario, PROVIDERS.local!)).toEqual([]);
    const configDir = tempDir();
    const command = all.find((e) => e.kind === 'config' && /local: \{/.test(e.code))!;
    writeFileSync(join(configDir, 'drill.config.ts'), localImport(command.code));
    const { target } = await loadConfig(undefined, configDir);
    expect(unsupportedCriteria(scenario, target)).toEqual([]);
  });

  it('the worked example file is the README scenario', () => {
    const [example] = all.filter((e) => e.kind === 'scenario');
    const file = readFileSync(join(ROOT, 'examples', 'my-scenario.ts'), 'utf8');
    const body = (code: string) => code.slice(code.indexOf("name: '"), code.indexOf('  gateway:'));
    const strip = (code: string) =>
      code
        .split('\n')
        .filter((l) => !/^\s*\/\//.test(l))
        .join('\n')
        .replace(/\s+/g, ' ');
    expect(strip(body(file))).toBe(strip(body(example!.code)));
  });
});
