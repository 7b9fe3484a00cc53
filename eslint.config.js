import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importRooms from './eslint-rules/import-rooms.js';

// DESIGN.md, "Parts and their rooms": who may import whom. Paths are repository-relative without
// their extension; eslint-rules/import-rooms.js explains the fields. harness/lint-rules.test.ts
// shows each rule failing on a forbidden import.
const SUT_HARNESS_FREE = 'a system under test never imports the harness, nor another system under test';
// A system's own tests (not its code) may boot what it needs on the harness's local substrate.
const SUT_TESTS_MAY_ALSO = ['harness/env/**'];
const HIGHER_UP = ['harness/cli/**', 'harness/matrix/**', 'harness/api', 'scenarios/**', 'reports/**'];

export const ROOMS = [
  // Systems under test: each its own code only. The reference system is a family: the gateway serves
  // the web page (built from the client SDK), and all three share the reference protocol.
  {
    name: 'system-under-test/gateway',
    files: ['system-under-test/gateway/**'],
    allow: ['system-under-test/protocol', 'system-under-test/web/**'],
    testsMayAlso: SUT_TESTS_MAY_ALSO,
    why: `${SUT_HARNESS_FREE}; the reference gateway imports its own code, the reference protocol and its web page`,
  },
  {
    name: 'system-under-test/client',
    files: ['system-under-test/client/**'],
    allow: ['system-under-test/protocol'],
    testsMayAlso: SUT_TESTS_MAY_ALSO,
    why: `${SUT_HARNESS_FREE}; the client SDK imports its own code and the reference protocol`,
  },
  {
    name: 'system-under-test/web',
    files: ['system-under-test/web/**'],
    allow: ['system-under-test/client/**', 'system-under-test/protocol'],
    testsMayAlso: SUT_TESTS_MAY_ALSO,
    why: `${SUT_HARNESS_FREE}; the reference web page imports the client SDK and the reference protocol`,
  },
  {
    name: 'system-under-test/protocol',
    files: ['system-under-test/protocol'],
    allow: [],
    why: 'the reference protocol is plain types and names',
  },
  {
    // Any other system under test (plain-gateway, …): its own folder only.
    name: 'a system under test',
    files: ['system-under-test/*/**'],
    except: [
      'system-under-test/gateway/**',
      'system-under-test/client/**',
      'system-under-test/web/**',
      'system-under-test/tests/**',
      'system-under-test/*/drill.config',
    ],
    ownDepth: 2,
    allow: [],
    testsMayAlso: SUT_TESTS_MAY_ALSO,
    why: `${SUT_HARNESS_FREE}; it imports its own folder only`,
  },
  {
    // A target's config is written as a user's repository would write it: against the public API.
    name: "a system under test's drill.config",
    files: ['system-under-test/*/drill.config'],
    allow: ['harness/api'],
    why: 'a drill.config imports only the public API, harness/api.ts',
  },
  {
    // The reference system's integration tests boot it on the local substrate.
    name: 'system-under-test/tests',
    files: ['system-under-test/tests/**'],
    allow: ['system-under-test/**', 'harness/env/**'],
    why: "the reference gateway's tests use the reference system and the local substrate (harness/env) only",
  },

  // The harness.
  {
    name: 'harness (outside harness/targets)',
    files: ['harness/**'],
    except: ['harness/targets/**'],
    deny: ['system-under-test/**'],
    why: 'only harness/targets (a target and its workload adapter) knows a system under test',
  },
  {
    name: 'harness/history',
    files: ['harness/history/**'],
    allow: [],
    why: 'the history imports nothing outside itself',
  },
  {
    name: 'harness/checkers',
    files: ['harness/checkers/**'],
    allow: ['harness/history/**', 'harness/targets/capabilities'],
    why: 'checkers are pure functions of the history: they import history types (and the list of target capabilities) only',
  },
  {
    name: 'harness/faults',
    files: ['harness/faults/**'],
    allow: [
      'harness/env/provider',
      'harness/env/pod-names',
      'harness/env/link-primitives',
      'harness/env/topology-defaults',
      'harness/env/pod-memory-limits',
      'harness/history/**',
      'harness/load/history-sink',
      'harness/load/random',
      'harness/load/sleep',
      'harness/targets/**',
    ],
    testsMayAlso: ['harness/env/**'],
    why: "faults import the env interface, the history, load's history sink, random and sleep, and targets; never the runner, a provider's implementation or a system under test",
  },
  {
    name: 'harness/env',
    files: ['harness/env/**'],
    deny: [
      'harness/runner/**',
      'harness/checkers/**',
      'harness/faults/**',
      ...HIGHER_UP,
      'system-under-test/**',
    ],
    why: 'a provider boots a topology from harness types (env, targets); it never imports the runner, checkers, faults, scenarios or a system under test',
  },
  {
    name: 'harness/load',
    files: ['harness/load/**'],
    allow: ['harness/targets/**', 'harness/history/**'],
    why: "virtual users speak a protocol only through a target's workload adapter (harness/targets) and record to the history",
  },
  {
    name: 'harness/targets',
    files: ['harness/targets/**'],
    deny: ['harness/runner/**', 'harness/checkers/**', 'harness/faults/**', ...HIGHER_UP],
    why: 'a target is described in harness types; it never imports the runner, checkers, faults, scenarios or reports',
  },
  {
    name: 'harness/runner',
    files: ['harness/runner/**'],
    deny: HIGHER_UP,
    testsMayAlso: ['scenarios/**', 'reports/**'],
    why: 'the runner imports the parts below it (env, targets, faults, load, history, checkers), never the CLI, the matrix, scenarios or reports',
  },

  // Scenarios and reports.
  {
    name: 'scenarios',
    files: ['scenarios/**'],
    allow: ['harness/api'],
    why: "a scenario imports only the harness's public API (harness/api.ts) and other scenarios",
  },
  {
    name: 'reports',
    files: ['reports/**'],
    allow: [
      'harness/runner/result',
      'harness/runner/stability',
      'harness/checkers/types',
      'harness/history/events',
      'harness/matrix/cell',
    ],
    testsMayAlso: ['harness/history/**', 'harness/matrix/judge-cell'],
    why: 'reporters read result types only (runner/result and stability, checkers/types, history events, matrix/cell); never faults, the runner or the matrix runner',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/runs/**', 'reports/matrix/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{ts,mts,cts,tsx,js,mjs,cjs}'],
    plugins: { rooms: importRooms },
    rules: { 'rooms/import-rooms': ['error', { rooms: ROOMS }] },
  },
);
