// The provider conformance suite on the local provider (processes on loopback).
import { describeConformance } from '../conformance/conformance-suite.js';
import { localProvider, type LocalTopology } from './local-provider.js';
import { isAlive, isGroupAlive } from './proc-table.mjs';
import { liveGroupPids } from './process-group.js';
import { reaperPid } from './reaper.js';
import { leftovers, type Inventory } from './test-support/harness-fixture.js';
import { processTree } from './test-support/probes.js';
import { referencePod } from '../../targets/reference.js';

/** Processes this test process started (its descendants) that are still alive, the reaper excepted. */
function descendantsAlive(): string[] {
  const reaper = reaperPid();
  const spared = new Set([
    process.pid,
    ...(reaper === undefined ? [] : processTree(reaper).map((p) => p.pid)),
  ]);
  return processTree(process.pid)
    .filter((p) => !spared.has(p.pid) && isAlive(p.pid, p.startTime))
    .map((p) => `child process ${p.pid} (pgid ${p.pgid})`);
}

describeConformance({
  name: 'local',
  provider: localProvider,
  pod: (env) => referencePod({ ...env }),
  leftovers: (topology) => {
    // What runs right after up(): every process tree, port and folder. Pods restarted later run under
    // new pids: the process groups this process registered, and its descendants, catch those.
    const { pids, ports, dirs } = (topology as LocalTopology).inventory();
    const atBoot: Inventory = {
      processes: Object.values(pids).flatMap((pid) => processTree(pid)),
      ports,
      dirs,
    };
    return async () => [
      ...(await leftovers(atBoot)),
      ...liveGroupPids()
        .filter((pgid) => isGroupAlive(pgid))
        .map((pgid) => `process group ${pgid}`),
      ...descendantsAlive(),
    ];
  },
});
