import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, rmSync } from 'node:fs';
import path from 'node:path';
import { groupTree, isAlive, isGroupAlive, readProcess, type ProcInfo } from './proc-table.mjs';
import { reaperForgetDir, reaperForgetGroup, reaperWatchDir, reaperWatchGroup } from './reaper.js';
import { logSize, openLogForAppend, withLogTail } from './log-file.js';
import { pollUntil, raceTimeout } from './wait.js';

export interface SpawnGroupOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here; discarded when absent */
  logFile?: string;
  uid?: number;
  gid?: number;
  /** polite signal of stop() and of the reaper; default SIGTERM */
  stopSignal?: NodeJS.Signals;
  /** send the polite signal to the leader only, e.g. PostgreSQL's postmaster; default false (whole group) */
  stopLeaderOnly?: boolean;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StopOptions {
  /** default: the group's stopSignal (SIGTERM) */
  signal?: NodeJS.Signals;
  /** then SIGKILL; default 10 000 */
  timeoutMs?: number;
  /** default: the group's stopLeaderOnly */
  leaderOnly?: boolean;
}

export interface ProcessGroup {
  /** pid of the leader, which is also the process group id */
  readonly pid: number;
  readonly command: string;
  readonly logFile: string | undefined;
  /** settles when the leader exits; never rejects */
  readonly exited: Promise<ExitInfo>;
  /** set once the leader has exited */
  readonly exitInfo: ExitInfo | undefined;
  /** signal the whole process group (no error if it is gone) */
  signal(signal: NodeJS.Signals): void;
  /** polite signal, SIGKILL after timeoutMs; resolves when the group and its descendants are gone */
  stop(options?: StopOptions): Promise<ExitInfo>;
  /** SIGKILL the group and every descendant at once; resolves when they are gone */
  kill(): Promise<ExitInfo>;
}

interface LiveGroup {
  pid: number;
  killSync(): void;
}

const liveGroups = new Map<number, LiveGroup>();
const tempDirs = new Set<string>();
const GONE_TIMEOUT_MS = 10_000;

function trySignal(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH: already gone
  }
}

/** SIGKILL a group and all descendants (also those that left the group); returns who was hit. */
function killTreeSync(pgid: number): ProcInfo[] {
  const tree = groupTree(pgid);
  trySignal(-pgid, 'SIGKILL');
  for (const info of tree) trySignal(info.pid, 'SIGKILL');
  return tree;
}

function sweepSync(): void {
  for (const group of [...liveGroups.values()]) group.killSync();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
    } catch {
      // the reaper tries again once the killed processes are really gone
    }
  }
}

let hooksInstalled = false;
const signalsSeen = new Map<NodeJS.Signals, number>();

function onSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  const seen = (signalsSeen.get(signal) ?? 0) + 1;
  signalsSeen.set(signal, seen);
  // Someone else (the CLI) listens too: let it tear down gracefully; its exit runs sweepSync anyway.
  // A second signal of the same kind means "now": kill everything and exit.
  if (process.listenerCount(signal) > 1 && seen === 1) return;
  sweepSync();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function installProcessHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', sweepSync);
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

/** Remove `dir` (recursively) when this process exits or dies, unless unregistered before. */
export function registerTempDir(dir: string): void {
  const absolute = path.resolve(dir);
  if (absolute.includes('\n') || absolute === path.parse(absolute).root) {
    throw new Error(`refusing to register ${JSON.stringify(dir)} as a temp folder`);
  }
  installProcessHooks();
  tempDirs.add(absolute);
  reaperWatchDir(absolute);
}

export function unregisterTempDir(dir: string): void {
  const absolute = path.resolve(dir);
  tempDirs.delete(absolute);
  reaperForgetDir(absolute);
}

/** Pids (leaders) of the groups this process started that may still be alive. */
export function liveGroupPids(): number[] {
  return [...liveGroups.keys()];
}

function describe(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].join(' ');
}

/**
 * Spawns `cmd` as the leader of its own process group, registered for cleanup: killed on exit of this
 * process (exit hook, SIGINT/SIGTERM hooks) and, should this process be SIGKILLed, by the reaper.
 */
export function spawnGroup(
  cmd: string,
  args: readonly string[],
  options: SpawnGroupOptions = {},
): ProcessGroup {
  installProcessHooks();
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const stopLeaderOnly = options.stopLeaderOnly ?? false;
  const logFd = options.logFile ? openLogForAppend(options.logFile) : undefined;
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env,
      uid: options.uid,
      gid: options.gid,
      detached: true,
      stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'ignore'],
    });
  } finally {
    if (logFd !== undefined) closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    child.on('error', () => {});
    throw new Error(
      `could not start ${cmd}: not found or not executable (PATH=${options.env?.PATH ?? process.env.PATH})`,
    );
  }
  child.on('error', () => {});
  // Servers must not keep the harness alive; whatever is left at exit is killed by the exit hook.
  child.unref();

  // Once the whole group is gone its pid may be recycled: from then on never signal it again.
  let gone = false;
  const forget = (): void => {
    gone = true;
    liveGroups.delete(pid);
    reaperForgetGroup(pid);
  };

  let exitInfo: ExitInfo | undefined;
  let ending: Promise<ExitInfo> | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      if (!ending && !isGroupAlive(pid)) forget();
      resolve(exitInfo);
    });
  });

  liveGroups.set(pid, { pid, killSync: () => void killTreeSync(pid) });
  reaperWatchGroup({
    pgid: pid,
    startTime: readProcess(pid)?.startTime,
    signal: stopSignal,
    leaderOnly: stopLeaderOnly,
  });

  const finish = async (hit: ProcInfo[]): Promise<ExitInfo> => {
    const leader = await raceTimeout(exited, GONE_TIMEOUT_MS);
    if (!leader.done) throw new Error(`${describe(cmd, args)} (pid ${pid}) did not exit after SIGKILL`);
    // Stragglers of a leader that exited by itself (children it left behind) go too.
    if (!gone) hit.push(...killTreeSync(pid));
    await pollUntil(
      () => (hit.every((p) => !isAlive(p.pid, p.startTime)) && !isGroupAlive(pid) ? true : undefined),
      {
        timeoutMs: GONE_TIMEOUT_MS,
        what: `the processes of ${describe(cmd, args)} (group ${pid}) to exit`,
      },
    );
    forget();
    return leader.value;
  };

  const once = (run: () => Promise<ExitInfo>): Promise<ExitInfo> => {
    ending ??= run().finally(() => {
      ending = undefined;
    });
    return ending;
  };

  return {
    pid,
    command: describe(cmd, args),
    logFile: options.logFile,
    exited,
    get exitInfo() {
      return exitInfo;
    },
    signal: (signal) => {
      if (!gone) trySignal(-pid, signal);
    },
    stop: ({ signal = stopSignal, timeoutMs = 10_000, leaderOnly = stopLeaderOnly } = {}) =>
      once(async () => {
        if (gone) return exited;
        const hit = groupTree(pid);
        if (!exitInfo) {
          const target = leaderOnly ? pid : -pid;
          trySignal(target, signal);
          // A paused (SIGSTOPped) process would only see the signal after the SIGKILL timeout.
          trySignal(target, 'SIGCONT');
        }
        const polite = await raceTimeout(exited, timeoutMs);
        if (!polite.done) hit.push(...killTreeSync(pid));
        return finish(hit);
      }),
    kill: () => once(() => (gone ? exited : finish(killTreeSync(pid)))),
  };
}

export interface RunOptions extends SpawnGroupOptions {
  /** default 60 000 */
  timeoutMs?: number;
}

/** Runs a short-lived command in its own group; rejects, with the end of its log, unless it exits 0. */
export async function runGroup(
  cmd: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<void> {
  const { timeoutMs = 60_000, ...spawnOptions } = options;
  const offset = spawnOptions.logFile ? logSize(spawnOptions.logFile) : 0;
  const group = spawnGroup(cmd, args, spawnOptions);
  const result = await raceTimeout(group.exited, timeoutMs);
  let failure: string | undefined;
  if (!result.done) {
    await group.kill();
    failure = `timed out after ${timeoutMs} ms`;
  } else if (result.value.code !== 0) {
    failure = result.value.signal
      ? `was killed by ${result.value.signal}`
      : `exited with code ${result.value.code}`;
  } else {
    await group.stop({ timeoutMs: 1_000 });
  }
  if (failure === undefined) return;
  const message = `${group.command} ${failure}`;
  throw new Error(spawnOptions.logFile ? withLogTail(message, spawnOptions.logFile, offset) : message);
}
