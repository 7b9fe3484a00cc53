import cliProgress from 'cli-progress';
import type { Progress } from '../runner/run.js';

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))}s`;

function describe(p: Progress): Record<string, string | number> {
  return {
    phase: p.phase.padEnd(12),
    left: seconds(p.plannedMs - p.elapsedMs).padStart(4),
    connected: `${p.connected}/${p.clients}`,
    pods: Object.entries(p.byPod)
      .sort()
      .map(([pod, n]) => `${pod.replace(/^pod-/, '')}:${n}`)
      .join(' '),
    rate: String(p.ackedPerSecond).padStart(4),
    faults: p.activeFaults.length > 0 ? p.activeFaults.join(', ') : 'none',
  };
}

/**
 * A live line on a terminal (phase, time left, clients connected, messages/s, active faults);
 * on a pipe or in CI, one plain line per phase change and every 10 s instead.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr) {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          '{bar} {percentage}% | {phase} | {left} left | clients {connected} ({pods}) | {rate} acks/s | faults: {faults}',
        barsize: 20,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p: Progress) {
        const pct = Math.min(p.plannedMs, p.elapsedMs);
        if (!started) {
          bar.start(p.plannedMs, pct, describe(p));
          started = true;
        } else {
          bar.setTotal(Math.max(p.plannedMs, 1));
          bar.update(pct, describe(p));
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastPhase = '';
  let lastLine = 0;
  return {
    update(p: Progress) {
      if (p.phase === lastPhase && p.elapsedMs - lastLine < 10_000) return;
      lastPhase = p.phase;
      lastLine = p.elapsedMs;
      const d = describe(p);
      stream.write(
        `[${seconds(p.elapsedMs)}] ${String(d.phase).trim()} | ${d.left} left | clients ${d.connected} | ${d.rate} acks/s | faults: ${d.faults}\n`,
      );
    },
    stop() {},
  };
}
