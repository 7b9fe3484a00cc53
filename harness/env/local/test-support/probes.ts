import net from 'node:net';
import { listProcesses, type ProcInfo } from '../proc-table.mjs';
import { LOOPBACK } from '../free-port.js';

/** True when nothing accepts TCP connections on 127.0.0.1:port (ECONNREFUSED). */
export function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** process.kill(pid, 0): false once the pid no longer exists at all (zombies still exist). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** `pid` and all its descendants, with start times so a recycled pid is not mistaken for them. */
export function processTree(pid: number): ProcInfo[] {
  const table = listProcesses();
  const found: ProcInfo[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop();
    const info = current === undefined ? undefined : table.get(current);
    if (!info || found.some((p) => p.pid === info.pid)) continue;
    found.push(info);
    for (const child of table.values()) if (child.ppid === info.pid) stack.push(child.pid);
  }
  return found;
}
