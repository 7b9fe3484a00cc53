// Deliberate bugs, each breaking exactly one runbook promise, switched on with SUT_DEFECTS=a,b.
// They exist so the harness can prove it catches what it claims to catch. Off by default.
export const DEFECTS = {
  'no-replay': 'resume and gap fill return no messages: what a client missed while away stays missed',
  'ack-before-commit':
    'message:send is acked before the database commit; a failed commit loses an acked message',
  'no-idempotency': 'a retried clientMsgId is stored again under a new seq',
  'no-drain': 'SIGTERM exits at once: no server_shutdown, no drain window',
  'health-ignores-db': '/health and /health/database answer 200 while the database is down',
  'redis-fatal': 'losing Redis crashes the process instead of degrading',
  'presence-no-ttl': 'presence entries never expire, so users of a crashed pod stay listed',
  'leak-on-disconnect': 'per-connection session state is never released on disconnect',
  'auth-skip-on-resume': 'a reconnect that claims to resume skips JWT verification',
  'ready-before-database':
    'the pod listens and /health answers 200 before it has reached its database (migrations retried in the background)',
  'health-shares-pool':
    "/health's database ping waits for a connection of the shared send pool, so a saturated pool makes a live database look down",
} as const;

export type Defect = keyof typeof DEFECTS;

export function isDefect(name: string): name is Defect {
  return Object.hasOwn(DEFECTS, name);
}

export function parseDefects(value: string): Set<Defect> {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isDefect(n));
  if (unknown.length > 0) {
    throw new Error(
      `SUT_DEFECTS has unknown defect(s) ${unknown.join(', ')}; known: ${Object.keys(DEFECTS).join(', ')}`,
    );
  }
  return new Set(names.filter(isDefect));
}
