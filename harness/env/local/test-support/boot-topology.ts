// Fixture for local-provider.test.ts: boots the local topology (3 pods, standby, Redis, fault proxy,
// HAProxy), prints what is running as one JSON line, then idles until it is killed or interrupted.
// FIXTURE_LOG_DIR: where the component logs go.
import { localProvider } from '../local-provider.js';
import { reaperPid } from '../reaper.js';
import { referencePod, referenceServices } from '../../../targets/reference.js';

const topology = await localProvider.up({
  pods: 3,
  zones: ['a', 'b', 'c'],
  services: referenceServices(),
  databaseZone: 'a',
  timeScale: 0.1,
  logDir: process.env.FIXTURE_LOG_DIR ?? 'reports/runs/fixture-logs',
  pod: referencePod({
    REQUIRE_AUTH: 'false',
    PING_INTERVAL_MS: '1000',
    PING_TIMEOUT_MS: '1000',
    DRAIN_TIMEOUT_MS: '2000',
    TERMINATION_GRACE_MS: '5000',
  }),
  loadBalancer: { affinity: true, tunnelTimeoutMs: 8_000, checkIntervalMs: 500, allowUpgrade: true },
});

console.log(JSON.stringify({ reaper: reaperPid(), entryUrl: topology.entryUrl, ...topology.inventory() }));

setInterval(() => {}, 60_000);
