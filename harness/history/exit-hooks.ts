// One set of process hooks shared by every open recorder, so that two recorders do not each
// believe someone else handles SIGTERM (and neither lets the process die).

type SyncFlush = () => void;

const flushers = new Set<SyncFlush>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function flushAll(): void {
  for (const flush of flushers) {
    try {
      flush();
    } catch {
      // The process is going down; flush the others rather than stop at the first failure.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  flushAll();
  // Listening replaced Node's default action (terminate). When no one else handles the signal,
  // restore the default and re-raise, so the process still dies by it.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function install(): void {
  process.on('exit', flushAll);
  process.on('uncaughtExceptionMonitor', flushAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.removeListener('exit', flushAll);
  process.removeListener('uncaughtExceptionMonitor', flushAll);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/**
 * Runs `flush` synchronously on every way out of the process: exit (process.exit or an empty
 * event loop), SIGINT/SIGTERM, and an uncaught exception or unhandled rejection. Returns the
 * function that unregisters it.
 */
export function onProcessExit(flush: SyncFlush): () => void {
  if (flushers.size === 0) install();
  flushers.add(flush);
  return () => {
    if (flushers.delete(flush) && flushers.size === 0) uninstall();
  };
}
