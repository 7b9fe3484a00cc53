import { describe, expect, it } from 'vitest';
import { drill } from '../../tests/support/drill-cli.js';

// A wrong command line is the harness's problem, not the system's: exit 2, never 1 (which CI reads
// as "a criterion failed"), and nothing is started.
describe('command-line usage errors exit 2', () => {
  it.each([
    [['run', '--time-scale', 'abc'], /--time-scale must be a positive number/],
    [['run', '--seed', '-1'], /--seed/],
    [['run', '--provider', 'moon'], /--provider.*moon/],
    [['run', 'no-such-scenario'], /no scenario "no-such-scenario"/],
    [['matrix', '--bogus'], /unknown option '--bogus'/],
    [['no-such-command'], /unknown command/],
  ])('drill %j', async (args, message) => {
    const run = await drill(args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('help exits 0 and documents every exit code', async () => {
    const help = await drill(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 .*; 1 .*; 2 .*command line was wrong; 3 .*inconclusive/s);
  });
});
