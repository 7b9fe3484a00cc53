import type { HistoryEvent } from '../history/events.js';
import {
  CAPABILITIES,
  CAPABILITY_NAMES,
  missingCapabilities,
  type Capability,
} from '../targets/capabilities.js';
import type { CheckerSpec, CriterionResult } from './types.js';

/**
 * One criterion to judge. `threshold` and `source` default to the checker's own (its runbook
 * threshold and quote); a scenario names them only where it differs.
 */
export interface CriterionRequest {
  id: string;
  threshold?: number;
  source?: string;
}

/** Every capability: what a run is judged with when the caller does not say what its target offers. */
export const ALL_CAPABILITIES: ReadonlySet<Capability> = new Set(CAPABILITY_NAMES);

/** Why a criterion cannot be judged on a target lacking `missing`: each capability and what it means. */
export function notApplicableReason(missing: readonly Capability[]): string {
  return `the target does not offer ${missing.map((c) => `${c} (${CAPABILITIES[c]})`).join(', nor ')}`;
}

/**
 * Runs each requested criterion. A checker that throws, or one that is not in the registry, or one
 * asked for without a threshold when it has no default, yields verdict 'unknown' with the error:
 * never a silent pass. A criterion whose needs the target's `capabilities` lack is 'not-applicable'
 * (value null, the reason in `notApplicable`): never a pass either.
 */
export function runCheckers(
  history: readonly HistoryEvent[],
  requests: readonly CriterionRequest[],
  timeScale: number,
  registry: Readonly<Record<string, CheckerSpec>>,
  capabilities: ReadonlySet<Capability> = ALL_CAPABILITIES,
): CriterionResult[] {
  return requests.map((request) => {
    const { id } = request;
    const spec = registry[id];
    if (spec === undefined) {
      const ctx = contextOf(request.threshold ?? 0, request.source, timeScale);
      return unknown({ id, title: id, unit: '', comparison: '<=' }, ctx, `no checker named '${id}'`);
    }
    const threshold = request.threshold ?? spec.defaultThreshold;
    const ctx = contextOf(threshold ?? 0, request.source ?? spec.source, timeScale);
    const missing = missingCapabilities(spec.needs, capabilities);
    if (missing.length > 0) return notApplicable(spec, ctx, notApplicableReason(missing));
    if (threshold === undefined)
      return unknown(spec, ctx, `criterion '${id}' has no default threshold and the request names none`);
    try {
      return spec.check(history, ctx);
    } catch (err) {
      return unknown(
        spec,
        ctx,
        `checker threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  });
}

function contextOf(threshold: number, source: string | undefined, timeScale: number) {
  return { threshold, timeScale, ...(source !== undefined ? { source } : {}) };
}

type Heading = Pick<CheckerSpec, 'id' | 'title' | 'unit' | 'comparison'>;

function unjudged(spec: Heading, ctx: { threshold: number; source?: string }): CriterionResult {
  return {
    criterion: spec.id,
    title: spec.title,
    value: null,
    unit: spec.unit,
    comparison: spec.comparison,
    threshold: ctx.threshold,
    verdict: 'unknown',
    evidence: [],
    details: {},
    ...(ctx.source !== undefined ? { source: ctx.source } : {}),
  };
}

function unknown(spec: Heading, ctx: { threshold: number; source?: string }, error: string): CriterionResult {
  return { ...unjudged(spec, ctx), error };
}

function notApplicable(
  spec: Heading,
  ctx: { threshold: number; source?: string },
  reason: string,
): CriterionResult {
  return { ...unjudged(spec, ctx), verdict: 'not-applicable', notApplicable: reason };
}
