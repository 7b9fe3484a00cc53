// The kubelet's view of a container's memory, emulated for a local process group: the resident memory
// of every process in the group (and its descendants), compared with a limit on a short interval.
import { readFileSync } from 'node:fs';
import { groupTree } from './proc-table.mjs';

/** VmRSS of one process in bytes; undefined once it is gone (or for a zombie, which has none). */
export function processRssBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

/** Resident memory of a process group and its descendants; undefined when none of them is alive. */
export function groupRssBytes(
  pgid: number,
  members: readonly number[] = groupMembers(pgid),
): number | undefined {
  let total: number | undefined;
  for (const pid of members) {
    const rss = processRssBytes(pid);
    if (rss !== undefined) total = (total ?? 0) + rss;
  }
  return total;
}

function groupMembers(pgid: number): number[] {
  return groupTree(pgid).map((p) => p.pid);
}

export interface MemoryWatchdogOptions {
  /** The process group to watch now (read at every tick: a restarted pod has a new one); undefined: none. */
  pgid: () => number | undefined;
  limitBytes: number;
  /** How often RSS is read; the kernel's OOM killer acts at once, so keep it short. */
  intervalMs: number;
  /** Called once when RSS is above the limit; the watchdog stops itself first. */
  onExceeded: (rssBytes: number) => void;
}

/** Group membership is re-read every this many ticks (a full /proc scan); RSS is read at every tick. */
const MEMBERS_REFRESH_TICKS = 10;

/**
 * Polls a process group's resident memory and reports the first reading above the limit. It never
 * keeps the harness alive (its timer is unref'd) and stop() ends it for good.
 */
export class MemoryWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private members: number[] = [];
  private membersOf: number | undefined;
  private ticks = 0;
  /** The highest reading so far, for reports. */
  peakBytes = 0;

  constructor(private readonly options: MemoryWatchdogOptions) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const pgid = this.options.pgid();
    if (pgid === undefined) return;
    if (pgid !== this.membersOf || this.ticks % MEMBERS_REFRESH_TICKS === 0) {
      this.members = groupMembers(pgid);
      this.membersOf = pgid;
    }
    this.ticks += 1;
    const rss = groupRssBytes(pgid, this.members);
    if (rss === undefined) return;
    this.peakBytes = Math.max(this.peakBytes, rss);
    if (rss > this.options.limitBytes) {
      this.stop();
      this.options.onExceeded(rss);
    }
  }
}
