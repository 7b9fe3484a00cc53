import { describe, expect, it } from 'vitest';
import type { FaultTarget } from '../history/events.js';
import { deployFinalVersion } from './deploy-final-version.js';
import { deployStepChurn } from './deploy-step-churn.js';
import { deployUnplannedDisconnects } from './deploy-unplanned-disconnects.js';
import { handshakeFailures } from './handshake-failures.js';
import { reconnectSpread } from './reconnect-spread.js';
import { rollbackClean } from './rollback-clean.js';
import { shutdownTimeline } from './shutdown-timeline.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const pods = (...names: string[]): FaultTarget[] => names.map((name) => ({ kind: 'pod', name }));
const state = (
  pod: string,
  s: 'started' | 'ready' | 'terminating' | 'exited' | 'killed',
  exitCode?: number | null,
) => ({
  type: 'pod.state' as const,
  pod,
  state: s,
  ...(exitCode !== undefined ? { exitCode } : {}),
});

/** c1, c2 on pod-a; c3 on pod-b; at time scale 1 (drain 30 s, grace 45 s, unready by 10 s). */
function fleet() {
  return new HistoryBuilder().online('c1', 'pod-a').online('c2', 'pod-a').online('c3', 'pod-b').at(1_000);
}

/** SIGTERM to pod-a at 1 s; readiness fails; both clients are told, leave planned and reconnect on pod-b. */
function gracefulShutdown(options: { exitAt?: number; exitCode?: number } = {}) {
  return fleet()
    .faultStart('pod-terminate-1', ['pod-a'], pods('pod-a'))
    .push(state('pod-a', 'terminating'))
    .at(1_500)
    .probe('pod-a', 503, { expectedReady: false, latencyMs: 3 })
    .at(2_000)
    .push({ type: 'client.shutdown-notice', client: 'c1', pod: 'pod-a' })
    .push({ type: 'client.shutdown-notice', client: 'c2', pod: 'pod-a' })
    .at(9_000)
    .disconnect('c1', { pod: 'pod-a', reason: 'server shutdown', planned: true })
    .at(9_050)
    .connect('c1', 'pod-b')
    .at(25_000)
    .disconnect('c2', { pod: 'pod-a', reason: 'server shutdown', planned: true })
    .at(25_040)
    .connect('c2', 'pod-b')
    .at(options.exitAt ?? 33_000)
    .push(state('pod-a', 'exited', options.exitCode ?? 0))
    .at(60_000)
    .faultEnd('pod-terminate-1');
}

describe('shutdown-timeline', () => {
  it('passes the runbook timeline: unready, no new routes, notice to all, drained, exit 0 before 45 s', () => {
    const result = judge(shutdownTimeline, gracefulShutdown().build(), 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({
      pods: 1,
      clientsAtSigterm: 2,
      maxExitMs: 32_000,
      maxDrainMs: 23_000,
    });
  });

  it('fails notice and drain when the pod exits at once and drops its clients (no-drain)', () => {
    const history = fleet()
      .push(state('pod-a', 'terminating'))
      .at(1_020)
      .push(state('pod-a', 'exited', 0))
      .disconnect('c1', { pod: 'pod-a' })
      .disconnect('c2', { pod: 'pod-a' })
      .build();
    const result = judge(shutdownTimeline, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 2 });
    expect(result.details).toMatchObject({ 'violated.notice': 1, 'violated.drained': 1, 'violated.exit': 0 });
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-a', client: 'c1' });
    expect(result.evidence[0]?.summary).toContain('never got server_shutdown');
  });

  it('fails exit on a forced kill, a non-zero code, or an exit at or after the 45 s grace (scaled)', () => {
    const killed = gracefulShutdown({ exitAt: 46_000 }).build();
    const byCode = gracefulShutdown({ exitCode: 1 }).build();
    expect(judge(shutdownTimeline, killed, 0).details).toMatchObject({ 'violated.exit': 1 });
    expect(judge(shutdownTimeline, byCode, 0).details).toMatchObject({ 'violated.exit': 1 });
    // At time scale 0.1 the same 32 s exit is far past 4.5 s.
    expect(judge(shutdownTimeline, gracefulShutdown().build(), 0, 0.1).details).toMatchObject({
      'violated.exit': 1,
      'violated.drained': 1,
    });
  });

  it('fails unready when /health still answers 200 after the SIGTERM', () => {
    const history = fleet()
      .push(state('pod-a', 'terminating'))
      .at(1_500)
      .probe('pod-a', 200, { latencyMs: 2 })
      .at(40_000)
      .push(state('pod-a', 'exited', 0))
      .build();
    const result = judge(shutdownTimeline, history, 0);
    expect(result.details).toMatchObject({ 'violated.unready': 1 });
    expect(result.evidence.map((e) => e.summary).join('\n')).toContain('answered 200');
  });

  it('fails no-new-routes when a client that connected after the SIGTERM is welcomed by the pod', () => {
    const history = gracefulShutdown().build();
    const late = new HistoryBuilder().at(3_000).connect('c9', 'pod-a').build();
    const merged = [...history, ...late.filter((e) => e.type !== 'run.start')].sort((a, b) => a.t - b.t);
    const result = judge(shutdownTimeline, merged, 0);
    expect(result.details).toMatchObject({ 'violated.no-new-routes': 1 });
    expect(result.evidence).toContainEqual(expect.objectContaining({ client: 'c9', pod: 'pod-a' }));
  });

  it('is unknown without a SIGTERM', () => {
    expect(judge(shutdownTimeline, fleet().build(), 0).verdict).toBe('unknown');
  });
});

describe('reconnect-spread', () => {
  /** 10 clients on pod-a, reconnecting at the given times (ms after the SIGTERM at 1 s). */
  function reconnects(offsets: number[]) {
    const b = new HistoryBuilder();
    offsets.forEach((_, i) => b.online(`c${i}`, 'pod-a'));
    b.at(1_000).push(state('pod-a', 'terminating'));
    const events = offsets
      .map((offset, i) => ({ t: 1_000 + offset, client: `c${i}` }))
      .sort((x, y) => x.t - y.t);
    for (const { t, client } of events)
      b.at(t).disconnect(client, { pod: 'pod-a', planned: true }).connect(client, 'pod-b');
    return b.build();
  }

  it('passes when the reconnects are spread over the drain window', () => {
    const result = judge(
      reconnectSpread,
      reconnects([0, 2_500, 5_000, 8_000, 11_000, 14_000, 17_000, 19_000, 21_000, 23_000]),
      40,
    );
    expect(result).toMatchObject({ verdict: 'pass', value: 10 });
  });

  it('fails a herd: most clients back within one runbook second (scaled)', () => {
    const herd = reconnects([100, 120, 130, 150, 160, 170, 180, 190, 5_000, 9_000]);
    const result = judge(reconnectSpread, herd, 40);
    expect(result).toMatchObject({ verdict: 'fail', value: 80 });
    expect(result.evidence[0]?.summary).toContain('8 of the 10 clients of pod-a');
    // At time scale 0.1 the window is 100 ms: the same herd (90 ms wide) still fails.
    expect(judge(reconnectSpread, herd, 40, 0.1).verdict).toBe('fail');
  });

  it('is unknown with fewer than 5 reconnecting clients', () => {
    expect(judge(reconnectSpread, reconnects([0, 100, 200]), 40).verdict).toBe('unknown');
  });
});

describe('deploy-step-churn and deploy-unplanned-disconnects', () => {
  function deploy(collateral: boolean) {
    const b = fleet()
      .faultStart('rolling-deploy-1', ['pod-a', 'pod-b'], pods('pod-a', 'pod-b'))
      .push(state('pod-d', 'started'))
      .at(2_000)
      .push(state('pod-d', 'ready'))
      .push(state('pod-a', 'terminating'))
      .at(3_000)
      .disconnect('c1', { pod: 'pod-a', reason: 'server shutdown', planned: true })
      .connect('c1', 'pod-d');
    if (collateral) b.at(3_100).disconnect('c3', { pod: 'pod-b', reason: 'transport close' });
    return b
      .at(4_000)
      .push(state('pod-a', 'exited', 0))
      .at(5_000)
      .faultEnd('rolling-deploy-1')
      .build();
  }

  it('pass when every disconnect of the step is planned', () => {
    expect(judge(deployStepChurn, deploy(false), 1)).toMatchObject({ verdict: 'pass', value: 0 });
    expect(judge(deployUnplannedDisconnects, deploy(false), 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { planned: 1 },
    });
  });

  it('fail on an unplanned disconnect inside a step, naming the client and the step', () => {
    const churn = judge(deployStepChurn, deploy(true), 1);
    expect(churn.verdict).toBe('fail');
    expect(churn.value).toBeCloseTo(100 / 3);
    expect(churn.evidence[0]).toMatchObject({ client: 'c3', pod: 'pod-b', t: 3_100 });
    expect(churn.evidence[0]?.summary).toContain('step 1 (pod-a draining)');
    expect(judge(deployUnplannedDisconnects, deploy(true), 0)).toMatchObject({
      verdict: 'fail',
      value: 1,
      details: { 'reason:transport close': 1 },
    });
  });
});

describe('handshake-failures', () => {
  it('counts the attempts beyond the first of connects inside a procedure', () => {
    const history = fleet()
      .faultStart('rolling-deploy-1', ['pod-a'])
      .at(2_000)
      .disconnect('c1', { pod: 'pod-a', planned: true })
      .push({
        type: 'client.connect',
        client: 'c1',
        pod: null,
        transport: 'websocket',
        attempt: 3,
        reconnect: true,
      })
      .at(3_000)
      .faultEnd('rolling-deploy-1')
      .build();
    const result = judge(handshakeFailures, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 2, details: { connects: 1 } });
    expect(result.evidence[0]).toMatchObject({ client: 'c1', t: 2_000 });
  });

  it('passes when every connect in the window took one attempt; unknown without a window', () => {
    const base = fleet()
      .faultStart('rolling-deploy-1', ['pod-a'])
      .at(2_000)
      .connect('c1', 'pod-b')
      .faultEnd('rolling-deploy-1');
    expect(judge(handshakeFailures, base.build(), 0)).toMatchObject({ verdict: 'pass', value: 0 });
    expect(judge(handshakeFailures, fleet().build(), 0).verdict).toBe('unknown');
  });
});

describe('deploy-final-version', () => {
  function rollout(lastOfC3: string) {
    return fleet()
      .faultStart('rolling-deploy-1', ['pod-a', 'pod-b'], pods('pod-a', 'pod-b'))
      .push(state('pod-d', 'ready'))
      .push(state('pod-e', 'ready'))
      .at(2_000)
      .connect('c1', 'pod-d')
      .connect('c2', 'pod-e')
      .connect('c3', lastOfC3)
      .at(3_000)
      .faultEnd('rolling-deploy-1')
      .phase('final-sync')
      .build();
  }

  it('passes when every client ends on a pod the deploy brought up', () => {
    expect(judge(deployFinalVersion, rollout('pod-d'), 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails for a client left on an old pod', () => {
    const result = judge(deployFinalVersion, rollout('pod-b'), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence[0]).toMatchObject({ client: 'c3', pod: 'pod-b' });
  });
});

describe('rollback-clean', () => {
  const base = () => fleet().faultStart('rollback-1', [], pods('pod-d')).push(state('pod-d', 'started'));

  it('passes when the bad pod never got ready, served nobody and was removed, old pods untouched', () => {
    const history = base()
      .at(20_000)
      .push(state('pod-d', 'killed', null))
      .at(21_000)
      .faultEnd('rollback-1')
      .build();
    expect(judge(rollbackClean, history, 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { rolledBack: 1 },
    });
  });

  it('fails when the bad version got ready, served a client and an old pod was replaced', () => {
    const history = base()
      .at(2_000)
      .push(state('pod-d', 'ready'))
      .push(state('pod-a', 'terminating'))
      .at(3_000)
      .connect('c1', 'pod-d')
      .at(9_000)
      .push(state('pod-d', 'terminating'))
      .push(state('pod-d', 'exited', 0))
      .faultEnd('rollback-1')
      .build();
    const result = judge(rollbackClean, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 3 });
    expect(result.evidence).toContainEqual(expect.objectContaining({ client: 'c1', pod: 'pod-d' }));
  });

  it('is unknown when no bad pod was started', () => {
    const history = fleet()
      .faultStart('rollback-1', [], pods('pod-d'))
      .at(2_000)
      .faultEnd('rollback-1')
      .build();
    expect(judge(rollbackClean, history, 0).verdict).toBe('unknown');
  });
});

describe('deploy-step-churn with pods terminated together', () => {
  it('makes one step of overlapping terminations and counts each disconnect once', () => {
    const history = fleet()
      .push(state('pod-a', 'terminating'))
      .push(state('pod-b', 'terminating'))
      .at(1_050)
      .disconnect('c1', { pod: 'pod-a' })
      .disconnect('c3', { pod: 'pod-b' })
      .at(1_100)
      .push(state('pod-a', 'exited', 0))
      .push(state('pod-b', 'exited', 0))
      .build();
    const result = judge(deployStepChurn, history, 1);
    expect(result.details).toMatchObject({
      steps: 1,
      unplanned: 2,
      'step1.pod-a+pod-b.percent': (2 * 100) / 3,
    });
    expect(result.evidence).toHaveLength(2);
  });
});
