// A watchdog that removes a run's containers and network when the harness dies by any means, even
// SIGKILL: a detached shell holds the read end of a pipe only we write to; when the kernel closes it
// (we exited) without a word, it removes everything labelled with the run. On a normal end down()
// removed all of it already, and release() disarms the watchdog: it reads "disarm" and exits.
import { spawn } from 'node:child_process';
import { LABEL } from './stack-plan.js';

export interface ContainerReaper {
  release(): void;
}

export function startContainerReaper(runId: string): ContainerReaper {
  if (!/^[a-z0-9-]+$/.test(runId)) throw new Error(`not a usable run id: ${runId}`);
  const filter = `label=${LABEL.run}=${runId}`;
  const script = [
    'read -r word || true',
    '[ "$word" = disarm ] && exit 0',
    `ids=$(docker ps -aq --filter '${filter}')`,
    '[ -z "$ids" ] || docker rm -fv $ids >/dev/null 2>&1',
    `docker network ls -q --filter '${filter}' | xargs -r docker network rm >/dev/null 2>&1`,
    'true',
  ].join('; ');
  const child = spawn('sh', ['-c', script], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    },
  });
  child.on('error', () => undefined);
  child.unref();
  const stdin = child.stdin;
  stdin?.on('error', () => undefined);
  // The pipe must not keep the harness alive.
  (stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    release: () => {
      stdin?.end('disarm\n');
    },
  };
}
