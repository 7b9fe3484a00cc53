import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Installable into the user's own repository: the project is packed (`npm pack`, whose prepack emits
// the type declarations), installed into a fresh project holding only a small gateway of its own
// and a drill.config.ts that imports defineConfig from 'runbook-drill', and `npx drill run observe`
// there passes. The npm cache holds every dependency; a registry is asked only for what it lacks
// (whichever one npm is configured with: none is named here).
const ROOT = resolve(import.meta.dirname, '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface Run {
  code: number | null;
  out: string;
}

function sh(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => done({ code, out }));
  });
}

// The gateway and its config are the README's: its command-started example ("Testing your own
// gateway") is what a user would copy, run here as written, from the installed package.
const GATEWAY = readFileSync(join(import.meta.dirname, 'support', 'readme-gateway.mjs'), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CONFIG = [...README.matchAll(/<!-- readme-example: config -->\s*\n```ts\n([\s\S]*?)\n```/g)]
  .map((m) => m[1]!)
  .find((code) => /local: \{/.test(code));

describe("npm pack: installed into a project of its own, the README's config, `npx drill run observe` passes", () => {
  let work: string;
  let project: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'drill-pack-'));
    project = join(work, 'my-gateway');
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('packs, installs, type-checks the config, and runs observe against the gateway', async () => {
    const pack = await sh('npm', ['pack', '--pack-destination', work], ROOT);
    expect(pack.code, pack.out).toBe(0);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball, pack.out).toBeDefined();
    // What the package must and must not hold.
    expect(pack.out).toMatch(/dist\/types\/harness\/api\.d\.ts/);
    expect(pack.out).toMatch(/harness\/cli\/drill-bin\.mjs/);
    expect(pack.out).not.toMatch(/\.test\.ts/);
    expect(pack.out).not.toMatch(/reports\/runs\//);
    expect(existsSync(join(ROOT, 'dist')), 'postpack leaves no dist/ behind').toBe(false);

    await sh('mkdir', ['-p', project], work);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'my-gateway', version: '1.0.0', private: true, type: 'module' }, null, 2),
    );
    expect(CONFIG, "the README's command-started config").toBeDefined();
    await writeFile(join(project, 'server.js'), GATEWAY);
    await writeFile(join(project, 'drill.config.ts'), CONFIG!);
    const install = await sh(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball!)],
      project,
    );
    expect(install.code, install.out).toBe(0);
    expect(existsSync(join(project, 'node_modules', '.bin', 'drill'))).toBe(true);

    // The declarations type the config: defineConfig from 'runbook-drill' resolves, a typo does not pass.
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        include: ['drill.config.ts'],
      }),
    );
    const types = await sh(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    expect(types.code, types.out).toBe(0);

    const run = await sh(
      'npx',
      ['--no-install', 'drill', 'run', 'observe', '--time-scale', '0.1', '--clients', '20', '--no-progress'],
      project,
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/PASS: .*observe/);
    expect(run.out).toMatch(/not applicable to the target/);
    expect(run.out).toMatch(new RegExp(`run directory: ${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  }, 600_000);
});
