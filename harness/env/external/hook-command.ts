// The `--target` config's hook commands (TargetHooks): split into arguments once, checked before
// anything starts, run per pod with execFile (no shell) and the placeholders filled per argument.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Placeholders a hook command may use (the config schema's list, harness/config/templates.ts):
 * the pod's name and zone, its url and that url's host and port, and the signal the hook stands
 * for without its SIG prefix (kill: KILL, terminate: TERM, pause: STOP, resume: CONT; start: none).
 */
export const HOOK_PLACEHOLDERS = ['pod', 'zone', 'url', 'host', 'port', 'signal'] as const;

/** {signal} per hook; a hook missing here (start) cannot use {signal}. */
export const HOOK_SIGNALS: Readonly<Record<string, string>> = {
  kill: 'KILL',
  terminate: 'TERM',
  pause: 'STOP',
  resume: 'CONT',
};
export type HookPlaceholder = (typeof HOOK_PLACEHOLDERS)[number];
export type HookValues = Record<HookPlaceholder, string>;

/**
 * Splits a command line as a POSIX shell splits words: blanks separate arguments; '…' keeps
 * everything literally; "…" keeps everything but \" \\ \$ \` (backslash-escaped); a backslash
 * outside quotes escapes the next character. No expansion of any kind. Throws on an unterminated
 * quote or a trailing backslash.
 */
export function splitCommand(command: string): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' quote in ${JSON.stringify(command)}`);
      current += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\' && j + 1 < command.length && '"\\$`'.includes(command[j + 1]!)) j++;
        current += command[j];
      }
      if (j >= command.length) throw new Error(`unterminated " quote in ${JSON.stringify(command)}`);
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= command.length) throw new Error(`trailing backslash in ${JSON.stringify(command)}`);
      current += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) args.push(current);
  return args;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** A hook command parsed and checked: its argv template, ready to be filled per pod. */
export interface HookCommand {
  /** the hook's name in the config: kill, terminate, start, pause, resume */
  hook: string;
  source: string;
  argv: readonly string[];
}

/**
 * Parses one hook command and checks it: it splits, names only known placeholders, and its program
 * (the first word, which takes no placeholder) is an executable file, found on PATH or, with a
 * slash, relative to `baseDir`. Returns the problems, each naming the hook; none: `command` is set.
 */
export function parseHook(
  hook: string,
  source: string,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { command?: HookCommand; problems: string[] } {
  const where = `hooks.${hook} (${JSON.stringify(source)})`;
  let argv: string[];
  try {
    argv = splitCommand(source);
  } catch (error) {
    return { problems: [`${where}: ${(error as Error).message}`] };
  }
  if (argv.length === 0) return { problems: [`${where}: the command is empty`] };
  const problems: string[] = [];
  for (const arg of argv) {
    for (const [, name] of arg.matchAll(PLACEHOLDER)) {
      if (name === 'signal' && !(hook in HOOK_SIGNALS)) {
        problems.push(`${where}: {signal} has no value in the ${hook} hook (it stands for no signal)`);
      } else if (!(HOOK_PLACEHOLDERS as readonly string[]).includes(name!)) {
        problems.push(
          `${where}: unknown placeholder {${name}}; known: ${HOOK_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
        );
      }
    }
  }
  const program = argv[0]!;
  if (/\{[A-Za-z]+\}/.test(program)) {
    problems.push(`${where}: the program ${program} cannot hold a placeholder`);
  } else {
    const found = resolveProgram(program, baseDir, env);
    if (!found.ok) problems.push(`${where}: ${found.reason}`);
    else argv[0] = found.path;
  }
  return problems.length > 0 ? { problems } : { command: { hook, source, argv }, problems };
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function resolveProgram(
  program: string,
  baseDir: string,
  env: NodeJS.ProcessEnv,
): { ok: true; path: string } | { ok: false; reason: string } {
  if (program.includes('/')) {
    const file = path.resolve(baseDir, program);
    return isExecutableFile(file)
      ? { ok: true, path: file }
      : { ok: false, reason: `${file} is not an executable file` };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    if (isExecutableFile(path.join(dir, program))) return { ok: true, path: program };
  }
  return { ok: false, reason: `${program} is not an executable on PATH (${dirs.join(path.delimiter)})` };
}

/** The argv with every placeholder filled (per argument: a value never splits into more arguments). */
export function fillHook(command: HookCommand, values: HookValues): string[] {
  return command.argv.map((arg, i) =>
    i === 0
      ? arg
      : arg.replace(PLACEHOLDER, (whole, name: string) =>
          name in values ? values[name as HookPlaceholder] : whole,
        ),
  );
}

export interface HookResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a filled hook command (execFile, no shell) in `cwd`. Resolves with how it exited, also when
 * that is non-zero (the caller decides); rejects when it cannot be started or outlives `timeoutMs`
 * (it is then SIGKILLed).
 */
export function runHook(
  command: HookCommand,
  values: HookValues,
  options: { cwd: string; timeoutMs: number },
): Promise<HookResult> {
  const [file, ...args] = fillHook(command, values);
  return new Promise((resolve, reject) => {
    execFile(
      file!,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const err = error as
          | (NodeJS.ErrnoException & {
              killed?: boolean;
              signal?: NodeJS.Signals | null;
              code?: number | string | null;
            })
          | null;
        if (err && typeof err.code === 'string') {
          reject(new Error(`hooks.${command.hook}: cannot run ${file}: ${err.message}`));
          return;
        }
        if (err?.killed && err.signal === 'SIGKILL') {
          reject(
            new Error(
              `hooks.${command.hook}: ${[file, ...args].join(' ')} did not finish within ${options.timeoutMs} ms` +
                (stderr ? `; stderr: ${stderr.trim()}` : ''),
            ),
          );
          return;
        }
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          signal: err?.signal ?? null,
          stdout: String(stdout),
          stderr: String(stderr),
        });
      },
    );
  });
}

/** Runs the hook and throws unless it exits 0: the error names the command and carries its stderr. */
export async function runHookOrThrow(
  command: HookCommand,
  values: HookValues,
  options: { cwd: string; timeoutMs: number },
): Promise<HookResult> {
  const result = await runHook(command, values, options);
  if (result.code !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    const stderr = result.stderr.trim();
    throw new Error(
      `hooks.${command.hook} for pod ${values.pod}: ${fillHook(command, values).join(' ')} ${how}` +
        (stderr ? `: ${stderr}` : ' (no stderr)'),
    );
  }
  return result;
}
