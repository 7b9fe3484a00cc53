export interface Profile {
  name: string;
  description: string;
  timeScale: number;
  /** Overrides every scenario's client count; absent: the scenario's own load. */
  clients?: number;
  /** Runs per scenario, seeds seed, seed+1, … */
  repeat: number;
}

export const PROFILES: Readonly<Record<string, Profile>> = {
  quick: {
    name: 'quick',
    description: 'CI: a tenth of every runbook timer, 60 clients',
    timeScale: 0.1,
    clients: 60,
    repeat: 1,
  },
  nightly: {
    name: 'nightly',
    description: "the runbook's real timings and each scenario's own load",
    timeScale: 1,
    repeat: 1,
  },
  signoff: {
    name: 'signoff',
    description: 'nightly, each scenario repeated with three seeds',
    timeScale: 1,
    repeat: 3,
  },
};
