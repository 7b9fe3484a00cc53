import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillHook, parseHook, runHook, runHookOrThrow, splitCommand } from './hook-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'drill-hooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hook commands: split once, filled per argument, run without a shell', () => {
  it('splits as a shell splits words, with no expansion', () => {
    expect(splitCommand(`kubectl delete pod {pod} --grace-period=0`)).toEqual([
      'kubectl',
      'delete',
      'pod',
      '{pod}',
      '--grace-period=0',
    ]);
    expect(splitCommand(`sh -c 'kill -9 $(cat /run/{pod}.pid)'`)).toEqual([
      'sh',
      '-c',
      'kill -9 $(cat /run/{pod}.pid)',
    ]);
    expect(splitCommand(`a "b \\"c\\" $HOME" d\\ e ''`)).toEqual(['a', 'b "c" $HOME', 'd e', '']);
    expect(() => splitCommand(`sh -c 'oops`)).toThrow(/unterminated ' quote/);
  });

  it('fills placeholders inside one argument: a value never becomes more arguments', () => {
    const { command } = parseHook('kill', 'echo {pod} at={zone}', dir);
    expect(
      fillHook(command!, { pod: 'a b; rm -rf /', zone: 'z', url: 'u', host: 'h', port: '1', signal: 'KILL' }),
    ).toEqual(['echo', 'a b; rm -rf /', 'at=z']);
  });

  it('refuses an unknown placeholder, a missing program and a file that is not executable, naming the hook', () => {
    const notExecutable = path.join(dir, 'plain.sh');
    writeFileSync(notExecutable, '#!/bin/sh\n');
    expect(parseHook('kill', 'echo {pod} {podName}', dir).problems).toEqual([
      'hooks.kill ("echo {pod} {podName}"): unknown placeholder {podName}; known: {pod} {zone} {url} {host} {port} {signal}',
    ]);
    expect(parseHook('kill', 'kill -{signal} {port}', dir).problems).toEqual([]);
    expect(parseHook('start', 'echo {signal}', dir).problems).toEqual([
      'hooks.start ("echo {signal}"): {signal} has no value in the start hook (it stands for no signal)',
    ]);
    expect(parseHook('start', 'no-such-program-xyz {pod}', dir).problems[0]).toMatch(
      /^hooks\.start \("no-such-program-xyz \{pod\}"\): no-such-program-xyz is not an executable on PATH/,
    );
    expect(parseHook('terminate', './plain.sh {pod}', dir).problems[0]).toMatch(
      /plain\.sh is not an executable file/,
    );
    chmodSync(notExecutable, 0o755);
    expect(parseHook('terminate', './plain.sh {pod}', dir).problems).toEqual([]);
    expect(parseHook('pause', '   ', dir).problems).toEqual(['hooks.pause ("   "): the command is empty']);
  });

  it('a non-zero exit fails with the command and its stderr', async () => {
    const { command } = parseHook('kill', `sh -c 'echo "no pod $1" >&2; exit 3' sh {pod}`, dir);
    const values = { pod: 'pod-a', zone: 'a', url: 'http://x', host: 'x', port: '80', signal: 'KILL' };
    expect(await runHook(command!, values, { cwd: dir, timeoutMs: 5_000 })).toMatchObject({
      code: 3,
      stderr: 'no pod pod-a\n',
    });
    await expect(runHookOrThrow(command!, values, { cwd: dir, timeoutMs: 5_000 })).rejects.toThrow(
      /hooks\.kill for pod pod-a: .* exited with code 3: no pod pod-a$/,
    );
    const { command: slow } = parseHook('terminate', 'sleep 5', dir);
    await expect(runHookOrThrow(slow!, values, { cwd: dir, timeoutMs: 200 })).rejects.toThrow(
      /did not finish within 200 ms/,
    );
  });
});
