// What a checked external config can do: which fault primitives it has (and why not the others),
// and checkStep, which refuses a scenario's fault step before the run, naming the missing hook
// command, pod or link.
import type { FaultPrimitive, Provider } from '../provider.js';
import type { ExternalConfig, HookName } from './external-config.js';
import { CLIENT_LINK } from './external-topology.js';

/** Why a primitive is unavailable; undefined: it is available. */
export type Unavailable = (primitive: FaultPrimitive) => string | undefined;

/** The hooks each process primitive runs. */
const PRIMITIVE_HOOKS: Partial<Record<FaultPrimitive, readonly HookName[]>> = {
  'pod.kill': ['kill'],
  'pod.terminate': ['terminate'],
  'pod.pause': ['pause', 'resume'],
  'pod.start': ['start'],
};

/** Primitives no config can give a running system: the harness does not own those components. */
const NEVER: Partial<Record<FaultPrimitive, string>> = {
  'redis.stop': 'a system given by --target has no Redis the harness runs, and no hook can stop one',
  'database.failover':
    'a system given by --target has no database the harness runs, and no hook can fail one over',
  'loadbalancer.reconfigure':
    'a system given by --target has its own load balancer, which the harness cannot reconfigure',
  'pod.memory-limit': "the harness cannot set a memory limit on a running system's pod",
};

/** Why each primitive is unavailable under the config: NEVER, a missing hook command, or no pods. */
export function unavailableUnder(config: ExternalConfig): Unavailable {
  const hasPods = config.podInfos.length > 0;
  return (primitive) => {
    if (primitive === 'link.cut' || primitive === 'link.toxic') return undefined;
    const never = NEVER[primitive];
    if (never) return never;
    const needed = PRIMITIVE_HOOKS[primitive] ?? [];
    const missing = needed.filter((h) => !config.commands.has(h));
    if (missing.length > 0) {
      return `the config's hooks have no ${missing.map((h) => `\`${h}\` command`).join(' and no ')}`;
    }
    if (!hasPods) return 'the config lists no pods (hooks.pods) for its hooks to act on';
    return undefined;
  };
}

/** The primitives the provider supports: those of the link and the pod hooks that are available. */
export function supportedPrimitives(unavailable: Unavailable): Set<FaultPrimitive> {
  return new Set<FaultPrimitive>(
    (['pod.kill', 'pod.terminate', 'pod.pause', 'pod.start', 'link.cut', 'link.toxic'] as const).filter(
      (p) => unavailable(p) === undefined,
    ),
  );
}

/** The provider's checkStep: each reason the config cannot perform a fault step; [] when it can. */
export function createCheckStep(
  config: ExternalConfig,
  unavailable: Unavailable,
): NonNullable<Provider['checkStep']> {
  const { podInfos } = config;
  return ({ requires, target: selector }) => {
    const refused: string[] = [];
    for (const primitive of requires) {
      const why = unavailable(primitive);
      if (why) refused.push(`needs ${primitive}: ${why}`);
    }
    if (refused.length > 0) return refused;
    const pods = podInfos.map((p) => p.name);
    const usesPods = requires.some((p) => p.startsWith('pod.'));
    const usesLinks = requires.includes('link.cut') || requires.includes('link.toxic');
    if (usesPods && 'component' in selector) {
      // rolling-deploy, rollback, scale-up-down, secret-rotation: new pods behind the load balancer
      refused.push(
        `needs to add and remove pods behind the load balancer: a system given by --target is deployed by its own orchestrator, and the hooks act only on the pods listed in hooks.pods`,
      );
    }
    if (usesPods && typeof selector.pod === 'string' && !['random', 'all'].includes(selector.pod)) {
      if (!pods.includes(selector.pod)) {
        refused.push(
          `targets pod ${selector.pod}, but the config's pods (hooks.pods) are ${pods.join(', ')}`,
        );
      }
    }
    if (usesLinks && !usesPods) {
      const only = `with --target the only link is ${CLIENT_LINK} (the harness's clients → ${config.url})`;
      if (typeof selector.link === 'string' && selector.link !== CLIENT_LINK) {
        refused.push(`needs the link ${selector.link}: ${only}`);
      } else if (selector.component === 'redis' || selector.component === 'database') {
        const which = selector.component === 'redis' ? 'pod->redis' : 'pod->postgres';
        refused.push(`needs the ${which} links: ${only}`);
      } else if ('pod' in selector || 'zone' in selector || 'podOfClient' in selector) {
        refused.push(`needs a pod's own links (client->pod, pod->redis, pod->postgres): ${only}`);
      }
    }
    return refused;
  };
}
