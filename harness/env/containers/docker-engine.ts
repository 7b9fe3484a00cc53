// The Docker engine the containers provider talks to, and whether there is one.
import Dockerode from 'dockerode';
import type { ExitStatus } from '../provider.js';
import { constants } from 'node:os';
import { raceTimeout } from '../local/wait.js';

let client: Dockerode | undefined;

/** testcontainers needs these here: no Ryuk image can be pulled, and published ports are on loopback. */
export function configureTestcontainers(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
}

/** One client per process, on DOCKER_HOST or the default socket. */
export function docker(): Dockerode {
  client ??= new Dockerode();
  return client;
}

/** null when an engine answers; otherwise why not (for skip messages and errors). */
export async function dockerUnavailableReason(timeoutMs = 3_000): Promise<string | null> {
  try {
    const answered = await raceTimeout(docker().ping(), timeoutMs);
    return answered.done ? null : `the Docker engine did not answer within ${timeoutMs} ms`;
  } catch (error) {
    return `no Docker engine answers (${error instanceof Error ? error.message : String(error)}); run scripts/start-docker`;
  }
}

/** Docker reports a death by signal as 128 + signal number, as a shell does. */
export function exitStatusOf(statusCode: number): ExitStatus {
  if (statusCode > 128) {
    const signal = (Object.entries(constants.signals) as Array<[NodeJS.Signals, number]>).find(
      ([, number]) => number === statusCode - 128,
    )?.[0];
    if (signal) return { code: null, signal };
  }
  return { code: statusCode, signal: null };
}
