import path from 'node:path';
import type { PodSpec, TopologyServices } from '../env/provider.js';
import { createAdapter } from './adapters.js';
import type { PlaceholderValues } from './env-template.js';
import type { Target, TargetDefinition } from './target.js';

/** A definition made usable: its relative paths resolved from baseDir, its adapter created. */
export function resolveTarget(definition: TargetDefinition, baseDir: string): Target {
  return {
    definition,
    baseDir: path.resolve(baseDir),
    adapter: createAdapter(definition.adapter),
    capabilities: new Set(definition.capabilities),
  };
}

/**
 * How the providers start the target's pods for one run: its launches, health paths, the run's
 * placeholder values and variables set over the filled template (`env`: a scenario's own).
 */
export function podSpecOf(target: Target, values: PlaceholderValues, env?: Record<string, string>): PodSpec {
  const d = target.definition;
  return {
    ...(d.local
      ? {
          local: {
            ...d.local,
            baseDir: target.baseDir,
            cwd: path.resolve(target.baseDir, d.local.cwd ?? '.'),
          },
        }
      : {}),
    ...(d.image ? { image: d.image } : {}),
    readinessPath: d.readinessPath,
    livenessPath: d.livenessPath,
    values,
    ...(env && Object.keys(env).length > 0 ? { env } : {}),
  };
}

/** The backing services of a run: the target's, the standby only when the scenario asks for one. */
export function servicesOf(target: Target, scenario: { topology: { standby: boolean } }): TopologyServices {
  const postgres = target.definition.services.postgres;
  return {
    redis: target.definition.services.redis,
    postgres: postgres !== 'none',
    standby: postgres === 'primary+standby' && scenario.topology.standby,
  };
}
