import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/drill' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('gateway configuration from the runbook environment variables', () => {
  it('takes the runbook defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 3001,
      pingIntervalMs: 25_000,
      pingTimeoutMs: 25_000,
      drainTimeoutMs: 30_000,
      terminationGraceMs: 45_000,
      presenceTtlMs: 50_000,
      maxConnections: 1000,
      rateLimit: { enabled: false, windowMs: 60_000, max: 100 },
      transports: ['polling', 'websocket'],
      requireAuth: false,
    });
    expect(c.defects.size).toBe(0);
  });

  it('names the variable, the rule and the value given for each bad value', () => {
    expect(problems({ ...base, PORT: 'abc' })).toEqual(['PORT must be a number (got "abc")']);
    expect(problems({ ...base, MAX_CONNECTIONS: '0' })).toEqual([
      'MAX_CONNECTIONS must be at least 1 (got "0")',
    ]);
    expect(problems({ ...base, RATE_LIMIT_ENABLED: 'maybe' })).toEqual([
      'RATE_LIMIT_ENABLED must be true or false (got "maybe")',
    ]);
    expect(problems({ ...base, TRANSPORTS: 'carrier-pigeon' })[0]).toMatch(
      /^TRANSPORTS.*polling and websocket/,
    );
    expect(problems({})).toEqual(['DATABASE_URL is required (postgres://…)']);
  });

  it('refuses auth without a secret, and timings that would be killed mid-drain', () => {
    expect(problems({ ...base, REQUIRE_AUTH: 'true' })).toEqual([
      'JWT_SECRET is required when REQUIRE_AUTH or STRICT_MODE is true',
    ]);
    expect(problems({ ...base, DRAIN_TIMEOUT_MS: '50000' })[0]).toMatch(/^TERMINATION_GRACE_MS must exceed/);
  });

  it('keeps the database pool warm: DB_POOL_MIN defaults to DB_POOL_MAX and may not exceed it', () => {
    expect(loadConfig(base)).toMatchObject({ dbPoolMax: 25, dbPoolMin: 25, dbPoolIdleTimeoutMs: 10_000 });
    expect(loadConfig({ ...base, DB_POOL_MAX: '10' })).toMatchObject({ dbPoolMax: 10, dbPoolMin: 10 });
    expect(loadConfig({ ...base, DB_POOL_MIN: '0' }).dbPoolMin).toBe(0);
    expect(problems({ ...base, DB_POOL_MAX: '10', DB_POOL_MIN: '12' })).toEqual([
      'DB_POOL_MIN must be at most DB_POOL_MAX (10) (got "12")',
    ]);
  });

  it('strict mode implies auth; secrets for rotation come after the current one', () => {
    const c = loadConfig({ ...base, STRICT_MODE: 'true', JWT_SECRET: 'new', JWT_SECRETS: 'old, older' });
    expect(c.requireAuth).toBe(true);
    expect(c.jwtSecrets).toEqual(['new', 'old', 'older']);
  });

  it('accepts known defect switches and refuses unknown ones by name', () => {
    expect([...loadConfig({ ...base, SUT_DEFECTS: 'no-replay, no-drain' }).defects]).toEqual([
      'no-replay',
      'no-drain',
    ]);
    expect(problems({ ...base, SUT_DEFECTS: 'no-replay,typo' })[0]).toMatch(
      /unknown defect\(s\) typo; known: no-replay/,
    );
  });
});
