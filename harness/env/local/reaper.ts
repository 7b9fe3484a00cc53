// Parent side of the reaper (reaper-process.mjs): a watchdog that outlives this process. It holds the
// read end of a pipe whose write end only we have; when we die by any means, even SIGKILL, the kernel
// closes it and the reaper stops our process groups and removes our temp folders.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { openLogForAppend } from './log-file.js';

const REAPER_SCRIPT = fileURLToPath(new URL('./reaper-process.mjs', import.meta.url));
const MAX_SPAWNS = 5;

const groupLines = new Map<number, string>();
const dirs = new Set<string>();
let reaper: { child: ChildProcess; stdin: Writable } | undefined;
let spawns = 0;

function startReaper(): typeof reaper {
  if (spawns >= MAX_SPAWNS) return undefined;
  spawns++;
  // DRILL_REAPER_LOG: where the reaper reports what it had to clean up (default: nowhere).
  const logFile = process.env.DRILL_REAPER_LOG;
  const logFd = logFile ? openLogForAppend(logFile) : undefined;
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [REAPER_SCRIPT], {
      detached: true,
      stdio: ['pipe', 'ignore', logFd ?? 'ignore'],
      cwd: '/',
      // A clean environment: NODE_OPTIONS of a test runner or loader must not reach the reaper.
      env: { PATH: process.env.PATH ?? '' },
    });
  } finally {
    if (logFd !== undefined) closeSync(logFd);
  }
  const stdin = child.stdin;
  if (!stdin || child.pid === undefined) {
    child.on('error', () => {});
    warnOnce(`could not start the reaper (${process.execPath} ${REAPER_SCRIPT})`);
    return undefined;
  }
  const current = { child, stdin };
  const forget = () => {
    if (reaper !== current) return;
    reaper = undefined;
    // Keep the safety net: a reaper that died while we still own something is replaced.
    if (groupLines.size > 0 || dirs.size > 0) ensureReaper();
  };
  child.on('error', forget);
  child.on('exit', forget);
  stdin.on('error', forget);
  child.unref();
  // The pipe must not keep this process alive either.
  if ('unref' in stdin && typeof stdin.unref === 'function') stdin.unref();
  reaper = current;
  for (const line of groupLines.values()) stdin.write(`${line}\n`);
  for (const dir of dirs) stdin.write(`dir ${dir}\n`);
  return current;
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`${message}; cleanup relies on exit and signal hooks only`);
}

function ensureReaper(): void {
  if (!reaper) startReaper();
}

function send(line: string): void {
  if (!reaper) {
    // A new reaper replays every registration, including the one that prompted this call.
    startReaper();
    return;
  }
  reaper.stdin.write(`${line}\n`);
}

export interface ReaperGroup {
  pgid: number;
  /** start time of the leader from /proc, so a recycled pgid is never signalled */
  startTime: string | undefined;
  /** signal for a polite stop before the SIGKILL */
  signal: NodeJS.Signals;
  /** send the polite signal to the leader only (PostgreSQL's postmaster), not the whole group */
  leaderOnly: boolean;
}

export function reaperWatchGroup({ pgid, startTime, signal, leaderOnly }: ReaperGroup): void {
  const line = `group ${pgid} ${startTime || '-'} ${signal} ${leaderOnly ? 'leader' : 'group'}`;
  groupLines.set(pgid, line);
  send(line);
}

export function reaperForgetGroup(pgid: number): void {
  if (groupLines.delete(pgid) && reaper) send(`ungroup ${pgid}`);
}

export function reaperWatchDir(dir: string): void {
  if (dir.includes('\n') || !dir.startsWith('/'))
    throw new Error(`not a usable absolute path: ${JSON.stringify(dir)}`);
  dirs.add(dir);
  send(`dir ${dir}`);
}

export function reaperForgetDir(dir: string): void {
  if (dirs.delete(dir) && reaper) send(`undir ${dir}`);
}

/** Pid of this process's reaper, if one is running (for tests and diagnostics). */
export function reaperPid(): number | undefined {
  return reaper?.child.pid;
}
