import { closedAt, finalSyncT, roomMembers } from '../history/derive.js';
import type { EventOfType, HistoryEvent } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/** When each client was away: [client.disconnect, the next client.connect) spans, in order. */
function awaySpans(history: readonly HistoryEvent[]): Map<string, Array<[number, number]>> {
  const spans = new Map<string, Array<[number, number]>>();
  const since = new Map<string, number>();
  for (const e of history) {
    if (e.type === 'client.disconnect' && !since.has(e.client)) since.set(e.client, e.t);
    else if (e.type === 'client.connect') {
      const from = since.get(e.client);
      if (from === undefined) continue;
      since.delete(e.client);
      const list = spans.get(e.client) ?? [];
      list.push([from, e.t]);
      spans.set(e.client, list);
    }
  }
  for (const [client, from] of since) {
    const list = spans.get(client) ?? [];
    list.push([from, Infinity]);
    spans.set(client, list);
  }
  return spans;
}

/**
 * Messages a room member never received, judged from the harness's own ids alone (no capability):
 * for every message sent (send.invoke) before the final sync, every other member of its room that
 * joined before the send and was still open at the final sync must have had it delivered (a deliver
 * with its clientMsgId), also when it was sent while that member was disconnected: the runbooks
 * promise zero loss. On a target with acks (the history has send.ok / send.fail / send.unknown),
 * a send that failed (send.fail) never happened, and one whose outcome is unknown or never came is
 * judged only if some member received it (it may never have gone out). Value: distinct messages
 * lost to at least one member. Evidence names the message, its sender, the member and the times.
 */
export const lostMessages = defineChecker(
  {
    id: 'lost-messages',
    title: 'Lost messages',
    unit: 'messages',
    comparison: '<=',
    defaultThreshold: 0,
    source:
      'Scenario 2 success criteria: Zero data loss (every member gets every message of its room, also one sent while it was away)',
  },
  (history) => {
    const syncT = finalSyncT(history);
    const members = roomMembers(history);
    const closed = closedAt(history);
    const away = awaySpans(history);
    const received = new Map<string, Set<string>>();
    const outcome = new Map<string, 'ok' | 'fail' | 'unknown'>();
    const sends: Array<EventOfType<'send.invoke'>> = [];
    const invoked = new Set<string>();
    for (const e of history) {
      if (e.type === 'send.invoke') {
        if (!invoked.has(e.clientMsgId) && e.t < syncT) sends.push(e);
        invoked.add(e.clientMsgId);
      } else if (e.type === 'deliver') {
        let to = received.get(e.clientMsgId);
        if (to === undefined) {
          to = new Set();
          received.set(e.clientMsgId, to);
        }
        to.add(e.client);
      } else if (e.type === 'send.ok') outcome.set(e.clientMsgId, 'ok');
      else if (e.type === 'send.fail' && outcome.get(e.clientMsgId) !== 'ok')
        outcome.set(e.clientMsgId, 'fail');
      else if (e.type === 'send.unknown' && !outcome.has(e.clientMsgId))
        outcome.set(e.clientMsgId, 'unknown');
    }
    const withAcks = outcome.size > 0;

    const evidence = new EvidenceList();
    const lost = new Set<string>();
    let judged = 0;
    let failed = 0;
    let unconfirmed = 0;
    let missedDeliveries = 0;
    let missedWhileAway = 0;
    for (const send of sends) {
      const to = received.get(send.clientMsgId);
      if (withAcks) {
        const o = outcome.get(send.clientMsgId);
        if (o === 'fail') {
          failed += 1;
          continue;
        }
        if (o !== 'ok' && !(to !== undefined && [...to].some((c) => c !== send.client))) {
          unconfirmed += 1;
          continue;
        }
      }
      judged += 1;
      for (const member of members.get(send.room)?.values() ?? []) {
        if (member.client === send.client || member.joinT === null || member.joinT > send.t) continue;
        if ((closed.get(member.client) ?? Infinity) <= syncT) continue;
        if (to?.has(member.client)) continue;
        missedDeliveries += 1;
        lost.add(send.clientMsgId);
        const span = away.get(member.client)?.find(([from, until]) => from <= send.t && send.t < until);
        if (span !== undefined) missedWhileAway += 1;
        const awayText =
          span === undefined
            ? ''
            : `, sent while it was disconnected (t=${span[0]}…${span[1] === Infinity ? 'the end' : `t=${span[1]}`})`;
        evidence.add({
          client: member.client,
          room: send.room,
          clientMsgId: send.clientMsgId,
          t: send.t,
          summary: `${send.clientMsgId} sent by ${send.client} in ${send.room} at t=${send.t} never reached ${member.client} (joined at t=${member.joinT}${awayText})`,
        });
      }
    }
    return {
      value: lost.size,
      evidence,
      details: {
        sent: sends.length,
        judged,
        failed,
        unconfirmed,
        lost: lost.size,
        missedDeliveries,
        missedWhileAway,
      },
    };
  },
);
