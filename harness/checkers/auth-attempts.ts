import type { AuthProbeKind, EventOfType, HistoryEvent } from '../history/events.js';
import { EvidenceList, type Measurement } from './define-checker.js';

type Attempt = EventOfType<'auth.attempt'>;

export function authAttempts(history: readonly HistoryEvent[], fromT = -Infinity): Attempt[] {
  return history.filter((e): e is Attempt => e.type === 'auth.attempt' && e.t >= fromT);
}

/**
 * Judges handshakes that must be refused next to valid controls that must be accepted. Value: bad
 * attempts accepted (evidence names each). Unknown when there was no bad attempt, no control, a
 * control was not accepted (a gateway refusing everyone proves nothing), or a bad attempt got no
 * answer (timeout, transport error).
 */
export function judgeAttempts(
  attempts: readonly Attempt[],
  isBad: (kind: AuthProbeKind) => boolean,
  what: string,
): Measurement {
  const bad = attempts.filter((a) => isBad(a.kind));
  const controls = attempts.filter((a) => a.kind === 'valid');
  const evidence = new EvidenceList();
  const details: Record<string, number> = {
    attempts: bad.length,
    controls: controls.length,
    accepted: 0,
    refused: 0,
    unanswered: 0,
  };
  const count = (key: string) => (details[key] = (details[key] ?? 0) + 1);
  for (const a of bad) {
    count(`kind:${a.kind}`);
    if (a.outcome === 'accepted') {
      count('accepted');
      count(`accepted:${a.kind}`);
      const claim = a.claims !== undefined ? ` claiming to resume ${a.claims}'s session` : '';
      evidence.add({
        t: a.t,
        ...(a.pod !== null ? { pod: a.pod } : {}),
        summary: `${a.probe}'s ${a.kind} handshake${claim} via ${a.via} was accepted${a.pod ? ` by ${a.pod}` : ''} at t=${a.t}`,
      });
    } else if (a.outcome === 'refused') {
      count('refused');
      count(`code:${a.code ?? 'none'}`);
    } else count('unanswered');
  }
  const controlsAccepted = controls.filter((a) => a.outcome === 'accepted').length;
  details.controlsAccepted = controlsAccepted;
  const problems: string[] = [];
  if (bad.length === 0) problems.push(`no ${what} in the history`);
  if (controls.length === 0) problems.push('no valid control handshake: refusals alone prove nothing');
  else if (controlsAccepted < controls.length) {
    const refused = controls.find((a) => a.outcome !== 'accepted')!;
    problems.push(
      `${controls.length - controlsAccepted} of ${controls.length} valid control handshakes were not accepted ` +
        `(e.g. ${refused.probe} via ${refused.via}: ${refused.outcome} ${refused.code ?? ''}): refusals prove nothing`,
    );
  }
  if ((details.unanswered ?? 0) > 0) problems.push(`${details.unanswered} ${what} got no answer`);
  return {
    value: details.accepted ?? 0,
    evidence,
    details,
    ...(problems.length > 0 ? { error: problems.join('; ') } : {}),
  };
}
