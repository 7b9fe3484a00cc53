// The import rules of DESIGN.md ("Parts and their rooms"), as eslint.config.js enforces them: each
// case lints a one-line file placed in a folder, through ESLint's Node API with the project's own
// config, and says whether the import must be reported. Nothing is read from or written to disk
// but the config, so the cases show the rules failing on what they forbid.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const RULE = 'rooms/import-rooms';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The import-rule messages for `code` as if it were the file at `file` (repository-relative). */
async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const importOf = (spec: string) => `import '${spec}';\n`;

type Case = [file: string, spec: string];

const FORBIDDEN: Case[] = [
  // Systems under test: never the harness, never another system under test.
  ['system-under-test/gateway/gateway.ts', '../../harness/api.js'],
  ['system-under-test/gateway/store/message-store.ts', '../../../harness/history/events.js'],
  ['system-under-test/gateway/gateway.ts', '../client/index.js'],
  ['system-under-test/gateway/gateway.ts', '../plain-gateway/server.js'],
  ['system-under-test/client/connection.ts', '../gateway/config.js'],
  ['system-under-test/web/chat-app.ts', '../gateway/config.js'],
  ['system-under-test/protocol.ts', './client/index.js'],
  ['system-under-test/plain-gateway/server.ts', '../gateway/config.js'],
  ['system-under-test/plain-gateway/server.ts', '../protocol.js'],
  ['system-under-test/plain-gateway/server.ts', '../../harness/env/local/redis.js'],
  ['system-under-test/plain-gateway/server.test.ts', '../../harness/runner/run.js'],
  ['system-under-test/plain-gateway/drill.config.ts', '../../harness/runner/run.js'],
  ['system-under-test/some-new-gateway/main.ts', '../plain-gateway/server.js'],
  ['system-under-test/tests/support/stack.ts', '../../../harness/runner/run.js'],
  // Only harness/targets knows a system under test.
  ['harness/runner/run.ts', '../../system-under-test/protocol.js'],
  ['harness/runner/presence-prober.test.ts', '../../system-under-test/tests/support/stack.js'],
  ['harness/env/local/gateway-process.ts', '../../../system-under-test/gateway/config.js'],
  ['harness/env/containers/stack-plan.ts', '../../../system-under-test/gateway/main.js'],
  ['harness/load/virtual-user.ts', '../../system-under-test/client/index.js'],
  ['harness/matrix/run-matrix.ts', '../../system-under-test/gateway/defects.js'],
  ['harness/cli/drill.ts', '../../system-under-test/gateway/main.js'],
  // history: nothing outside itself.
  ['harness/history/derive/run.ts', '../../load/random.js'],
  ['harness/history/events.ts', '../targets/capabilities.js'],
  // checkers: history and the capability list only.
  ['harness/checkers/lost-acked.ts', '../runner/result.js'],
  ['harness/checkers/lost-acked.ts', '../env/provider.js'],
  ['harness/checkers/lost-acked.ts', '../env/local/index.js'],
  ['harness/checkers/lost-acked.ts', '../targets/target.js'],
  ['harness/checkers/lost-acked.test.ts', '../runner/build-result.js'],
  // faults: never the runner, a provider's implementation or a system under test.
  ['harness/faults/auth-probes.ts', '../runner/token-issuer.js'],
  ['harness/faults/flood.ts', '../../system-under-test/protocol.js'],
  ['harness/faults/pod-kill.ts', '../env/local/index.js'],
  ['harness/faults/pod-kill.ts', '../env/providers.js'],
  ['harness/faults/flood.ts', '../load/virtual-user.js'],
  ['harness/faults/pod-kill.ts', '../checkers/lost-acked.js'],
  ['harness/faults/proxy/toxics/latency.ts', '../../../runner/run.js'],
  // env: never runner, checkers, faults, scenarios.
  ['harness/env/containers/compose-file.ts', '../../../scenarios/single-pod-failure.js'],
  ['harness/env/containers/compose-file.ts', '../../runner/gateway-env.js'],
  ['harness/env/local/local-provider.ts', '../../checkers/index.js'],
  ['harness/env/local/local-provider.ts', '../../faults/index.js'],
  ['harness/env/conformance/clients.test.ts', '../../../scenarios/observe.js'],
  // load: targets and history only.
  ['harness/load/fleet.ts', '../env/provider.js'],
  ['harness/load/fleet.ts', '../runner/run.js'],
  // targets: never up into the runner, checkers, faults.
  ['harness/targets/drill/adapter.ts', '../../runner/run.js'],
  ['harness/targets/target.ts', '../faults/fault.js'],
  // runner: never the CLI, the matrix, scenarios or reports (tests may use scenarios and reports).
  ['harness/runner/run.ts', '../../reports/json.js'],
  ['harness/runner/run.ts', '../../scenarios/observe.js'],
  ['harness/runner/run.ts', '../matrix/run-matrix.js'],
  // scenarios: the public API only.
  ['scenarios/defect-matrix.ts', '../harness/matrix/cell.js'],
  ['scenarios/observe.ts', '../harness/runner/scenario.js'],
  // reports: result types only.
  ['reports/matrix.ts', '../harness/matrix/run-matrix.js'],
  ['reports/html.ts', '../harness/faults/fault.js'],
  ['reports/html.ts', '../harness/runner/run.js'],
  ['reports/html.ts', '../harness/history/derive/run.js'],
  ['reports/matrix.test.ts', '../harness/matrix/run-matrix.js'],
  ['reports/test-support/fixture.ts', '../../harness/faults/fault.js'],
];

const ALLOWED: Case[] = [
  ['system-under-test/gateway/gateway.ts', './config.js'],
  ['system-under-test/gateway/store/message-store.ts', '../../protocol.js'],
  ['system-under-test/gateway/http-routes.ts', '../web/chat-page.js'],
  ['system-under-test/client/connection.ts', '../protocol.js'],
  ['system-under-test/web/chat-app.ts', '../client/index.js'],
  ['system-under-test/plain-gateway/main.ts', './server.js'],
  ['system-under-test/plain-gateway/server.test.ts', '../../harness/env/local/redis.js'],
  ['system-under-test/plain-gateway/drill.config.ts', '../../harness/api.js'],
  ['system-under-test/tests/support/stack.ts', '../../../harness/env/local/index.js'],
  ['system-under-test/tests/support/stack.ts', '../../client/index.js'],
  ['harness/targets/drill/protocol.ts', '../../../system-under-test/protocol.js'],
  ['harness/targets/drill/adapter.ts', '../../../system-under-test/client/index.js'],
  ['harness/targets/adapter.ts', '../load/history-sink.js'],
  ['harness/history/derive/run.ts', '../events.js'],
  ['harness/checkers/lost-acked.ts', '../history/derive.js'],
  ['harness/checkers/types.ts', '../targets/capabilities.js'],
  ['harness/checkers/lost-acked.test.ts', './test-support/history-builder.js'],
  ['harness/faults/auth-probes.ts', '../targets/token-issuer.js'],
  ['harness/faults/flood.ts', '../targets/drill/protocol.js'],
  ['harness/faults/pod-kill.ts', '../env/provider.js'],
  ['harness/faults/pod-lifecycle.ts', '../env/pod-names.js'],
  ['harness/faults/fault.ts', '../load/history-sink.js'],
  ['harness/faults/fault.ts', '../load/random.js'],
  ['harness/faults/abusive-clients.ts', '../load/sleep.js'],
  ['harness/faults/proxy/toxics/latency.ts', '../toxic.js'],
  ['harness/faults/proxy/test-support.ts', '../../env/local/fault-proxy-process.js'],
  ['harness/env/provider.ts', '../targets/target.js'],
  ['harness/env/containers/stack-plan.ts', '../provider.js'],
  ['harness/load/virtual-user.ts', '../targets/adapter.js'],
  ['harness/load/fleet.ts', '../history/events.js'],
  ['harness/runner/run.ts', '../faults/index.js'],
  ['harness/runner/run.ts', '../targets/token-issuer.js'],
  ['harness/runner/build-result.test.ts', '../../reports/json.js'],
  ['harness/runner/fault-plan.test.ts', '../../scenarios/observe.js'],
  ['scenarios/observe.ts', '../harness/api.js'],
  ['scenarios/network.ts', './latency-degradation.js'],
  ['reports/json.ts', '../harness/runner/result.js'],
  ['reports/suite.ts', '../harness/runner/stability.js'],
  ['reports/format.ts', '../harness/checkers/types.js'],
  ['reports/matrix.ts', '../harness/matrix/cell.js'],
  ['reports/matrix.test.ts', '../harness/matrix/judge-cell.js'],
  ['reports/inconclusive.test.ts', '../harness/history/test-support/history-builder.js'],
  ['reports/html.ts', './format.js'],
  // Outside every room: the CLI, scripts, end-to-end tests.
  ['harness/cli/drill.ts', '../../reports/suite.js'],
  ['scripts/compose-file.ts', '../scenarios/single-pod-failure.js'],
  ['tests/support/drill-cli.ts', '../../harness/runner/run.js'],
];

describe('import rules (DESIGN.md, "Parts and their rooms")', () => {
  it.each(FORBIDDEN)('%s may not import %s', async (file, spec) => {
    const found = await violations(file, importOf(spec));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('DESIGN.md');
  });

  it.each(ALLOWED)('%s may import %s', async (file, spec) => {
    expect(await violations(file, importOf(spec))).toEqual([]);
  });

  it('names the room, the resolved path and the reason', async () => {
    const [message] = await violations(
      'harness/faults/proxy/toxics/latency.ts',
      importOf('../../../runner/run.js'),
    );
    expect(message).toMatch(
      /^harness\/faults may not import harness\/runner\/run: faults import the env interface/,
    );
  });

  it('judges re-exports, dynamic imports and type imports alike, and leaves packages alone', async () => {
    const file = 'harness/checkers/lost-acked.ts';
    expect(await violations(file, "export * from '../runner/result.js';\n")).toHaveLength(1);
    expect(await violations(file, "export { EXIT } from '../runner/result.js';\n")).toHaveLength(1);
    expect(await violations(file, "export const load = () => import('../runner/run.js');\n")).toHaveLength(1);
    expect(await violations(file, "export type R = import('../runner/result.js').RunResult;\n")).toHaveLength(
      1,
    );
    expect(await violations(file, "import type { RunResult } from '../runner/result.js';\n")).toHaveLength(1);
    expect(await violations(file, "import pino from 'pino';\nexport default pino;\n")).toEqual([]);
  });
});
