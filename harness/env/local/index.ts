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
