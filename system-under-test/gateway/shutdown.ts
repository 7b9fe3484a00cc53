import { writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { ServerEvents, type ShutdownNotice } from '../protocol.js';
import type { GatewayConfig } from './config.js';
import type { Inflight } from './inflight.js';
import type { Metrics } from './metrics.js';
import type { SessionRegistry } from './sessions.js';

export interface ShutdownDeps {
  config: GatewayConfig;
  io: Server;
  httpServer: HttpServer;
  sessions: SessionRegistry;
  inflight: Inflight;
  metrics: Metrics;
  log: Logger;
  closeResources: () => Promise<void>;
  exit: (code: number) => void;
}

async function waitFor(condition: () => boolean, deadline: number, pollMs = 50): Promise<boolean> {
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
  return true;
}

/**
 * The runbook's graceful-shutdown timeline: readiness fails at once; after SHUTDOWN_DELAY_MS
 * (time for the load balancer to see it) the listener closes and every client gets
 * `server_shutdown` with the drain deadline; clients leave within the drain window; what is left
 * is closed; pending commits finish; the process exits 0 before the termination grace.
 * The log lines are the ones the runbook's "expected output" lists.
 */
export class GracefulShutdown {
  private begun = false;

  constructor(private readonly deps: ShutdownDeps) {}

  get inProgress(): boolean {
    return this.begun;
  }

  async begin(signal: string): Promise<void> {
    const { config, io, httpServer, sessions, inflight, metrics, log } = this.deps;
    if (this.begun) {
      log.warn(`${signal} received again; graceful shutdown already in progress`);
      return;
    }
    this.begun = true;
    const startedAt = Date.now();
    log.info(`${signal} received, initiating graceful shutdown...`);
    metrics.draining.set(1);

    // Exit before the orchestrator's SIGKILL, whatever hangs below; non-zero says it was forced.
    const slack = config.terminationGraceMs - config.drainTimeoutMs - config.shutdownDelayMs;
    const forceAt = config.terminationGraceMs - Math.min(2_000, Math.floor(slack / 2));
    setTimeout(() => {
      log.error({ elapsedMs: Date.now() - startedAt }, 'termination grace nearly over: forcing exit');
      this.deps.exit(1);
    }, forceAt).unref();

    if (config.defects.has('no-drain')) {
      log.warn('no-drain defect: exiting without notifying clients');
      this.deps.exit(0);
      return;
    }
    if (config.shutdownMarkerFile) writeFileSync(config.shutdownMarkerFile, `${new Date().toISOString()}\n`);

    await sleep(config.shutdownDelayMs);
    log.info('Closing HTTP server...');
    httpServer.close();
    log.info('HTTP server closed, no longer accepting connections');

    log.info('Socket.IO graceful shutdown initiated');
    const deadline = Date.now() + config.drainTimeoutMs;
    const notice: ShutdownNotice = { pod: config.pod, deadline, drainMs: config.drainTimeoutMs };
    log.info(
      { data: { clients: sessions.active, deadline } },
      `Notifying ${sessions.active} clients of shutdown...`,
    );
    io.local.emit(ServerEvents.shutdown, notice);

    const drained = await waitFor(() => sessions.active === 0, deadline);
    log.info(
      { data: { drained, remaining: sessions.active, elapsedMs: Date.now() - startedAt } },
      'Grace period complete',
    );
    if (!drained) io.local.disconnectSockets(true);

    await Promise.race([inflight.idle(), sleep(Math.max(0, startedAt + forceAt - Date.now() - 500))]);
    await this.deps
      .closeResources()
      .catch((err: Error) => log.warn({ err: err.message }, 'closing resources failed'));
    log.info({ data: { elapsedMs: Date.now() - startedAt } }, 'Exiting gracefully');
    this.deps.exit(0);
  }
}
