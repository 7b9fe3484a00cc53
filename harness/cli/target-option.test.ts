// `--target URL`: the external provider built from the config, and the faults it cannot perform
// refused by validateScenario before anything starts, naming the missing hook or primitive.
import { describe, expect, it } from 'vitest';
import latencyDegradation from '../../scenarios/latency-degradation.js';
import redisOutage from '../../scenarios/redis-outage.js';
import singlePodFailure from '../../scenarios/single-pod-failure.js';
import zeroDowntimeDeploy from '../../scenarios/zero-downtime-deploy.js';
import zoneLoss from '../../scenarios/zone-loss.js';
import { createExternalProvider } from '../env/external/external-provider.js';
import { PROVIDERS } from '../env/providers.js';
import { validateScenario } from '../runner/validate-scenario.js';
import { providerForRun, providerForTarget, targetScenarioProblems } from './target-option.js';

const dir = process.cwd();

describe('external provider: faults the config cannot perform are refused before the run', () => {
  const noKill = createExternalProvider({
    url: 'http://127.0.0.1:1',
    hooks: { terminate: 'true', start: 'true', pods: [{ name: 'pod-a', zone: 'a' }] },
  });

  it('names the missing hook or primitive', () => {
    expect(validateScenario(singlePodFailure, noKill)).toEqual([
      "single-pod-failure: fault 1 (pod-kill): needs pod.kill: the config's hooks have no `kill` command",
    ]);
    expect(validateScenario(redisOutage, noKill)).toEqual([
      'redis-outage: fault 1 (redis-stop): needs redis.stop: a system given by --target has no Redis the harness runs, and no hook can stop one',
      "redis-outage: fault 2 (redis-blackhole): needs the pod->redis links: with --target the only link is client->system (the harness's clients → http://127.0.0.1:1)",
    ]);
    const podless = createExternalProvider({
      url: 'http://127.0.0.1:1',
      hooks: { kill: 'true', start: 'true' },
    });
    expect(validateScenario(singlePodFailure, podless)).toEqual([
      'single-pod-failure: fault 1 (pod-kill): needs pod.kill: the config lists no pods (hooks.pods) for its hooks to act on',
      'single-pod-failure: fault 1 (pod-kill): needs pod.start: the config lists no pods (hooks.pods) for its hooks to act on',
    ]);
    const pausable = createExternalProvider({
      url: 'http://127.0.0.1:1',
      hooks: { pause: 'true', terminate: 'true', start: 'true', pods: [{ name: 'pod-a', zone: 'a' }] },
    });
    expect(validateScenario(zoneLoss, pausable)).toEqual([
      "zone-loss: fault 1 (zone-loss): needs pod.pause: the config's hooks have no `resume` command",
      'zone-loss: fault 1 (zone-loss): needs database.failover: a system given by --target has no database the harness runs, and no hook can fail one over',
    ]);
    expect(validateScenario(zeroDowntimeDeploy, pausable)).toEqual([
      'zero-downtime-deploy: fault 1 (rolling-deploy): needs to add and remove pods behind the load balancer: a system given by --target is deployed by its own orchestrator, and the hooks act only on the pods listed in hooks.pods',
    ]);
    expect(validateScenario(singlePodFailure, PROVIDERS.external!)).toEqual([
      'single-pod-failure: fault 1 (pod-kill): needs --target URL: the external provider drives a running system given by --target',
    ]);
    // a link fault on the client->system link (every client link: the load balancer's side) is runnable
    const lbLatency = {
      ...latencyDegradation,
      faults: [
        { at: 0, fault: 'link-latency', target: { component: 'load-balancer' as const }, healAfter: 10 },
      ],
    };
    expect(validateScenario(lbLatency, podless)).toEqual([]);
  });

  it('refuses a config whose hooks cannot run, naming each', () => {
    expect(() =>
      createExternalProvider({
        url: 'http://127.0.0.1:1',
        hooks: {
          kill: 'no-such-kubectl delete {pod}',
          start: "sh -c 'oops",
          pods: [{ name: 'a' }, { name: 'a' }],
        },
      }),
    ).toThrow(
      /hooks\.kill .*no-such-kubectl is not an executable on PATH[\s\S]*hooks\.start .*unterminated ' quote[\s\S]*hooks\.pods\[1\]: a is listed twice/,
    );
    expect(() => createExternalProvider({ url: 'redis://127.0.0.1:6379' })).toThrow(
      /the scheme must be http, https, ws or wss, not redis/,
    );
  });

  it("the CLI helper: --target with another --provider; the fault plan is drawn over the config's pods", () => {
    expect(() => providerForTarget({ url: 'http://127.0.0.1:1', baseDir: dir, provider: 'local' })).toThrow(
      /--provider local boots one: drop one of them/,
    );
    const gw = providerForTarget({
      url: 'http://127.0.0.1:1',
      baseDir: dir,
      target: {
        name: 'mine',
        readinessPath: null,
        hooks: { kill: 'true', start: 'true', pods: [{ name: 'gw-0' }] },
      },
    });
    expect(targetScenarioProblems(singlePodFailure, gw)).toEqual([]);
    const zoned = { ...zoneLoss, faults: zoneLoss.faults.map((f) => ({ ...f, target: { zone: 'b' } })) };
    expect(targetScenarioProblems(zoned, gw)[0]).toMatch(/zone.*b.*hooks\.pods: gw-0 in zone default/);
  });
});

describe('providerForRun: what `drill run` does with --target', () => {
  const loaded = {
    target: {
      definition: {
        name: 'mine',
        readinessPath: '/health',
        hooks: { kill: 'true', pods: [{ name: 'pod-a' }] },
      },
      baseDir: dir,
    },
  };
  it('no --target: undefined; with it: the external provider from the config; conflicts refused', () => {
    expect(providerForRun({ provider: 'local' }, false, loaded)).toBeUndefined();
    const provider = providerForRun({ target: 'http://127.0.0.1:1/', provider: 'local' }, false, loaded)!;
    expect(provider.name).toBe('external');
    expect([...provider.supports]).toEqual(['pod.kill', 'link.cut', 'link.toxic']);
    expect(() =>
      providerForRun({ target: 'http://127.0.0.1:1', provider: 'containers' }, true, loaded),
    ).toThrow(/--provider containers boots one/);
    expect(() =>
      providerForRun({ target: 'http://127.0.0.1:1', provider: 'containers', attach: true }, true, loaded),
    ).toThrow(/--target http:\/\/127.0.0.1:1 and --attach both name a running system/);
  });
});
