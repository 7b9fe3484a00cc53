export { getFreePort, isPortFree, LOOPBACK } from './free-port.js';
export {
  liveGroupPids,
  registerTempDir,
  runGroup,
  spawnGroup,
  unregisterTempDir,
  type ExitInfo,
  type ProcessGroup,
  type RunOptions,
  type SpawnGroupOptions,
  type StopOptions,
} from './process-group.js';
export { isAlive as isProcessAlive } from './proc-table.mjs';
export { reaperPid } from './reaper.js';
export { readLogTail } from './log-file.js';
export {
  startPostgres,
  type PostgresEndpoint,
  type PostgresHandle,
  type PostgresOptions,
  type PostgresStandby,
} from './postgres.js';
export { redisPing, startRedis, type RedisHandle, type RedisOptions } from './redis.js';
export {
  haproxyCommand,
  parseServerStats,
  renderHaproxyConfig,
  startHaproxy,
  type Balance,
  type HaproxyConfigInput,
  type HaproxyHandle,
  type HaproxyOptions,
  type HaproxyServer,
  type ServerStat,
  type ServerState,
} from './haproxy.js';
export {
  clientLink,
  localProvider,
  podName,
  postgresLink,
  redisLink,
  RUNBOOK_LOAD_BALANCER,
  type BootTimings,
  type Inventory,
  type LoadBalancerView,
  type LocalTopology,
  type LocalTopologySpec,
} from './local-provider.js';
