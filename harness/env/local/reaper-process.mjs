// The reaper: a watchdog process, one per harness process (see reaper.ts). It reads registrations from
// stdin, one per line:
//   group <pgid> <leader start time or -> <polite signal> <leader|group>
//   ungroup <pgid>
//   dir <absolute path>
//   undir <absolute path>
// When stdin ends, the harness process is gone (clean exit, crash or SIGKILL alike): it sends the polite
// signal to every registered group still alive, SIGKILLs what is left after a grace period, removes the
// registered folders and exits. Plain JavaScript so it starts fast and without a TypeScript loader.
import { rmSync } from 'node:fs';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { groupTree, isAlive, isGroupAlive, listProcesses } from './proc-table.mjs';

const GRACE_MS = 2_000;
const KILL_WAIT_MS = 5_000;

const groups = new Map();
const dirs = new Set();
let pending = '';
let cleaning = false;

const log = (message) => process.stderr.write(`[drill reaper ${process.pid}] ${message}\n`);

function handleLine(line) {
  const space = line.indexOf(' ');
  if (space < 0) return;
  const verb = line.slice(0, space);
  const rest = line.slice(space + 1);
  if (verb === 'group') {
    const [pgid, startTime, signal, scope] = rest.split(' ');
    const id = Number(pgid);
    if (!Number.isInteger(id) || id <= 1) return;
    groups.set(id, {
      startTime: startTime && startTime !== '-' ? startTime : undefined,
      signal: signal || 'SIGTERM',
      leaderOnly: scope === 'leader',
    });
  } else if (verb === 'ungroup') groups.delete(Number(rest));
  else if (verb === 'dir' && rest.startsWith('/')) dirs.add(rest);
  else if (verb === 'undir') dirs.delete(rest);
}

function send(target, signal) {
  try {
    process.kill(target, signal);
  } catch {
    // already gone
  }
}

async function waitUntilDead(targets, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = targets.filter((t) => (t.group ? isGroupAlive(t.pid) : isAlive(t.pid, t.startTime)));
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await sleep(50);
  }
}

async function cleanUp(reason) {
  if (cleaning) return;
  cleaning = true;
  if (groups.size > 0 || dirs.size > 0)
    log(`${reason}: ${groups.size} group(s), ${dirs.size} folder(s) left`);
  const table = listProcesses();
  const targets = [];
  for (const [pgid, group] of groups) {
    const leader = table.get(pgid);
    // A live leader with another start time means the pgid was recycled for an unrelated process.
    if (leader && group.startTime && leader.startTime !== group.startTime) continue;
    targets.push({ pid: pgid, group: true });
    for (const info of groupTree(pgid, table)) targets.push({ pid: info.pid, startTime: info.startTime });
    const target = group.leaderOnly && leader ? pgid : -pgid;
    send(target, group.signal);
    send(target, 'SIGCONT'); // a paused process acts on the signal only once continued
  }
  let alive = await waitUntilDead(targets, GRACE_MS);
  if (alive.length > 0) {
    log(`SIGKILL for ${alive.length} process(es)/group(s) still alive after ${GRACE_MS} ms`);
    const fresh = listProcesses();
    for (const target of alive) {
      if (!target.group) send(target.pid, 'SIGKILL');
      else {
        send(-target.pid, 'SIGKILL');
        for (const info of groupTree(target.pid, fresh)) {
          send(info.pid, 'SIGKILL');
          targets.push({ pid: info.pid, startTime: info.startTime });
        }
      }
    }
    alive = await waitUntilDead(targets, KILL_WAIT_MS);
    if (alive.length > 0) log(`still alive: ${alive.map((t) => t.pid).join(', ')}`);
  }
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch (error) {
      log(`could not remove ${dir}: ${error.message}`);
    }
  }
  process.exit(0);
}

// No controlling terminal (we are a session leader), but ignore these in case someone relays them.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\n')) >= 0) {
    handleLine(pending.slice(0, newline));
    pending = pending.slice(newline + 1);
  }
});
process.stdin.on('end', () => void cleanUp('parent gone'));
process.stdin.on('close', () => void cleanUp('parent gone'));
process.stdin.on('error', (error) => void cleanUp(`stdin error ${error.message}`));
