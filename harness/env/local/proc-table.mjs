// The process table as seen through Linux /proc. Plain JavaScript because the reaper process runs it
// without a TypeScript loader; the TypeScript side gets its types from proc-table.d.mts.
import { readdirSync, readFileSync } from 'node:fs';
import process from 'node:process';

export const procAvailable = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

export function readProcess(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses; the fields after the last ')' do not.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    startTime: fields[19] ?? '',
  };
}

export function listProcesses() {
  const table = new Map();
  if (!procAvailable) return table;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProcess(Number(name));
    if (info) table.set(info.pid, info);
  }
  return table;
}

const isDead = (info) => info.state === 'Z' || info.state === 'X';

// A zombie counts as dead: orphans are re-parented to PID 1, which may reap them late.
// With startTime, a recycled pid (another process with the same number) also counts as dead.
export function isAlive(pid, startTime) {
  if (!procAvailable) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return error.code === 'EPERM';
    }
  }
  const info = readProcess(pid);
  if (!info || isDead(info)) return false;
  return startTime === undefined || info.startTime === startTime;
}

// Live members of process group `pgid` plus all their live descendants. Descendants matter because some
// servers move their children out of the group: every PostgreSQL child process calls setsid().
export function groupTree(pgid, table = listProcesses()) {
  const children = new Map();
  for (const info of table.values()) {
    const list = children.get(info.ppid);
    if (list) list.push(info);
    else children.set(info.ppid, [info]);
  }
  const found = new Map();
  const stack = [...table.values()].filter((info) => info.pgid === pgid);
  while (stack.length > 0) {
    const info = stack.pop();
    if (found.has(info.pid)) continue;
    found.set(info.pid, info);
    stack.push(...(children.get(info.pid) ?? []));
  }
  return [...found.values()].filter((info) => !isDead(info));
}

export function isGroupAlive(pgid) {
  if (!procAvailable) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (error) {
      return error.code === 'EPERM';
    }
  }
  for (const info of listProcesses().values()) {
    if (info.pgid === pgid && !isDead(info)) return true;
  }
  return false;
}
