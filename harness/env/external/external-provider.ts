// The `external` provider: `drill run SCENARIO --target URL` drives a system that is already running.
// It boots nothing. Between the harness's clients and the URL it puts the fault proxy (a real
// process, as the local provider does) with one link, client->system, so the network faults act on
// that link; the process faults are the config's hook commands (TargetHooks), run per pod. What the
// config cannot do is refused before the run (checkStep), naming the missing command or primitive.
// This file is the factory; the config check, the step check and the topology live beside it.
import type { FaultPrimitive, PodInfo, Provider } from '../provider.js';
import { checkExternalConfig, type ExternalProviderOptions } from './external-config.js';
import { EXTERNAL_PROVIDER, upExternal } from './external-topology.js';
import { createCheckStep, supportedPrimitives, unavailableUnder } from './step-check.js';

export { DEFAULT_ZONE, type ExternalProviderOptions } from './external-config.js';
export { CLIENT_LINK, EXTERNAL_PROVIDER, type ExternalTopology } from './external-topology.js';
export { proxiedUrl, upstreamOf } from './target-url.js';

export interface ExternalProvider extends Provider {
  /** The --target URL as given. */
  readonly url: string;
  /** The configured pods as the topology will list them. */
  readonly pods: readonly PodInfo[];
  checkStep: NonNullable<Provider['checkStep']>;
}

/**
 * The external provider over a running system. Throws at once (before anything starts) when the
 * URL, the pods or a hook command is unusable: a bad quote, an unknown placeholder, a program that is
 * not executable — every problem at once, each naming its hook.
 */
export function createExternalProvider(options: ExternalProviderOptions): ExternalProvider {
  const config = checkExternalConfig(options);
  const unavailable = unavailableUnder(config);
  const { podInfos } = config;
  return {
    name: EXTERNAL_PROVIDER,
    url: options.url,
    pods: podInfos,
    existingPods: podInfos.map((p) => ({ name: p.name, zone: p.zone })),
    supports: supportedPrimitives(unavailable),
    checkStep: createCheckStep(config, unavailable),
    up: (spec) => upExternal(spec, { ...config, unavailable }),
  };
}

/**
 * The `external` entry of PROVIDERS, before a --target URL gives it something to drive: it refuses
 * every fault step and every boot, saying what to add.
 */
export const unconfiguredExternalProvider: Provider = {
  name: EXTERNAL_PROVIDER,
  supports: new Set<FaultPrimitive>(),
  checkStep: () => ['needs --target URL: the external provider drives a running system given by --target'],
  up: () =>
    Promise.reject(
      new Error(
        'the external provider drives a running system: give --target URL (and a config with its hooks)',
      ),
    ),
};
