import { describe, expect, it } from 'vitest';
import { drill } from '../../tests/support/drill-cli.js';
import { diagnose, renderDoctor } from './doctor.js';

const NOTHING = {
  PATH: '/nonexistent',
  DRILL_PG_BIN: '/nonexistent/pg',
  DRILL_CHROMIUM: '/nonexistent/chromium',
};

describe('drill doctor', () => {
  it('names every program a provider lacks, with the command that installs it', async () => {
    const [local, browsers] = await diagnose(['local', 'browsers'], NOTHING);
    expect(local!.ok).toBe(false);
    expect(browsers!.ok).toBe(false);
    const text = renderDoctor([local!, browsers!]);
    expect(text).toMatch(/MISSING postgres, initdb, pg_ctl .*\/nonexistent\/pg/);
    expect(text).toMatch(/MISSING redis-server .*fix: (sudo )?apt-get install -y redis-server/);
    expect(text).toMatch(/MISSING haproxy .*apt-get install -y haproxy/);
    expect(text).toMatch(/absent {2}prometheus .*optional/);
    expect(text).toMatch(/MISSING chromium .*apt-get install -y chromium/);
    expect(text).toMatch(/install what is missing: (sudo )?apt-get install -y .*redis-server haproxy/);
  });

  it('an optional program missing does not make a provider unready', async () => {
    const [local] = await diagnose(['local'], {
      ...process.env,
      PATH: process.env.PATH,
      DRILL_PROMETHEUS_BIN: '/nonexistent/p',
    });
    const required = local!.checks.filter((c) => !c.optional);
    expect(local!.ok).toBe(required.every((c) => c.found !== null));
  });

  it('exits 1 when the chosen provider lacks something, 0 when it has all, 2 on a bad provider', async () => {
    const missing = await drill(['doctor', '--provider', 'browsers'], {
      DRILL_CHROMIUM: '/nonexistent/chromium',
    });
    expect(missing.code, missing.stderr).toBe(1);
    expect(missing.stdout).toMatch(/browsers: .*NOT READY/);
    const fake = await drill(['doctor', '--provider', 'browsers'], { DRILL_CHROMIUM: process.execPath });
    expect(fake.code, fake.stderr).toBe(0);
    const bad = await drill(['doctor', '--provider', 'moon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--provider.*moon/);
  });
});
