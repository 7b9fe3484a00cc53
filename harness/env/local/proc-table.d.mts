export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** one-letter state from /proc/PID/stat: R, S, D, Z, T, ... */
  state: string;
  /** start time in clock ticks since boot: with pid, identifies a process across pid reuse */
  startTime: string;
}

export declare const procAvailable: boolean;
export declare function readProcess(pid: number): ProcInfo | undefined;
export declare function listProcesses(): Map<number, ProcInfo>;
export declare function isAlive(pid: number, startTime?: string): boolean;
export declare function groupTree(pgid: number, table?: Map<number, ProcInfo>): ProcInfo[];
export declare function isGroupAlive(pgid: number): boolean;
