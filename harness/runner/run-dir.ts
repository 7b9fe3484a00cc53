import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<out>/<time>-<name>/`, with `logs/` for a run's components unless `withLogs` is false. */
export function createRunDir(outDir: string, name: string, startedAt: Date, withLogs = true): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const dir = join(outDir, `${stamp}-${name}`);
  mkdirSync(withLogs ? join(dir, 'logs') : dir, { recursive: true });
  return dir;
}

export function gitSha(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

export function versions(): Record<string, string> {
  const pkg = (name: string) => {
    try {
      const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
      return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  const tool = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .split('\n')[0]!
        .trim();
    } catch {
      return 'not found';
    }
  };
  return {
    node: process.version,
    'socket.io': pkg('socket.io'),
    'socket.io-client': pkg('socket.io-client'),
    haproxy: tool('haproxy', ['-v']),
    'redis-server': tool('redis-server', ['--version']),
    postgres: tool(`${process.env.DRILL_PG_BIN ?? '/usr/lib/postgresql/15/bin'}/postgres`, ['--version']),
  };
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
