// Fixture for cleanup.test.ts: starts Redis and PostgreSQL with a standby, prints what it started as one
// JSON line, then idles until killed. FIXTURE_GRACEFUL_SIGINT=1 adds its own SIGINT handler (as the
// CLI will) that tears down with down() and exits 0.
import { reaperPid } from '../reaper.js';
import { startPostgres } from '../postgres.js';
import { startRedis } from '../redis.js';

const redis = await startRedis();
const postgres = await startPostgres({ standby: true });

if (process.env.FIXTURE_GRACEFUL_SIGINT === '1') {
  process.on('SIGINT', () => {
    void Promise.all([redis.down(), postgres.down()]).then(() => process.exit(0));
  });
}

console.log(
  JSON.stringify({
    reaper: reaperPid(),
    redis: { pid: redis.pid, port: redis.port, dir: redis.dir },
    postgres: { pid: postgres.pid, port: postgres.port, dir: postgres.dir },
    standby: { pid: postgres.standby?.pid, port: postgres.standby?.port },
  }),
);

setInterval(() => {}, 60_000);
