// The chat page's script: the runbook's manual realtime test ("open two browser windows…"),
// on the client SDK. Served by the gateway at /chat; bundled for the browser at start-up.
import { DrillClient, type ClientState } from '../client/index.js';

interface HarnessHook {
  (event: Record<string, unknown>): void;
}
declare global {
  interface Window {
    /** Set by a test harness (Playwright exposeFunction) to receive the SDK's events. */
    drillRecord?: HarnessHook;
    drillClient?: DrillClient;
  }
}

const BADGE: Record<ClientState, string> = {
  idle: 'Connecting',
  connecting: 'Connecting',
  live: 'Live',
  polling: 'Polling',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  closed: 'Offline',
};

const params = new URLSearchParams(location.search);
const room = params.get('room') ?? 'lobby';
const token = params.get('token') ?? undefined;
const userId = params.get('user') ?? `guest-${Math.random().toString(16).slice(2, 8)}`;
const clientId = params.get('client') ?? userId;

const badge = document.getElementById('status')!;
const list = document.getElementById('messages')!;
const form = document.getElementById('composer') as HTMLFormElement;
const input = document.getElementById('message') as HTMLInputElement;
document.getElementById('room')!.textContent = room;

const record = (event: Record<string, unknown>) => window.drillRecord?.({ client: clientId, ...event });

const client = new DrillClient({
  urls: [location.origin],
  transport: 'auto',
  clientId,
  ...(token ? { token } : { userId }),
});
window.drillClient = client;

const showState = (state: ClientState) => {
  badge.textContent = BADGE[state];
  badge.dataset.state = state;
  record({ type: 'browser.badge', text: BADGE[state] });
};

client.on('state', (e) => {
  showState(e.to);
  record({ type: 'client.state', from: e.from, to: e.to });
});
client.on('connected', (e) =>
  record({
    type: 'client.connect',
    pod: null,
    transport: e.transport,
    attempt: e.attempt,
    reconnect: e.resumed,
  }),
);
client.on('welcome', (e) => record({ type: 'client.attach', pod: e.pod, zone: e.zone }));
client.on('disconnected', (e) =>
  record({ type: 'client.disconnect', pod: client.pod, reason: e.reason, planned: e.planned }),
);
let joined = false;
client.on('resumed', (e) => {
  if (!joined && e.room === room) {
    // Membership starts at the head the join found; recorded before its first resume.
    joined = true;
    record({ type: 'client.join', room, fromSeq: Math.max(0, (client.lastSeq(room) ?? 0) - e.replayed) });
  }
  record({ type: 'client.resumed', room: e.room, replayed: e.replayed, reset: e.reset });
});
client.on('sendAcked', (e) =>
  record({
    type: 'send.ok',
    room: e.room,
    clientMsgId: e.clientMsgId,
    seq: e.seq,
    attempts: e.attempts,
    latencyMs: e.latencyMs,
  }),
);
client.on('sendFailed', (e) =>
  record({
    type: e.outcome === 'unknown' ? 'send.unknown' : 'send.fail',
    room: e.room,
    clientMsgId: e.clientMsgId,
    code: e.code,
  }),
);
client.on('message', (m) => {
  const item = document.createElement('li');
  item.dataset.seq = String(m.seq);
  item.textContent = `${m.sender}: ${m.body}`;
  list.append(item);
  record({
    type: 'deliver',
    room: m.room,
    seq: m.seq,
    clientMsgId: m.clientMsgId,
    sender: m.sender,
    committedAt: m.committedAt,
  });
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  client.send(room, text).catch(() => undefined); // the outbox retries; outcomes go to the history
});

showState(client.state);
await client.connect();
await client.join(room);
document.body.dataset.ready = 'true';
