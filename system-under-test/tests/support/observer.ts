import { io, type Socket } from 'socket.io-client';
import type { ChatMessage, ShutdownNotice } from '../../protocol.js';
import type { DrillClient } from '../../client/index.js';

/** What one SDK client showed its application. */
export interface Observed {
  delivered: Map<string, number[]>;
  disconnects: Array<{ reason: string; planned: boolean; at: number }>;
  notices: ShutdownNotice[];
  resumes: number;
}

export function observe(client: DrillClient): Observed {
  const o: Observed = { delivered: new Map(), disconnects: [], notices: [], resumes: 0 };
  client.on('message', (m: ChatMessage) => {
    const list = o.delivered.get(m.room) ?? [];
    list.push(m.seq);
    o.delivered.set(m.room, list);
  });
  client.on('disconnected', (e) =>
    o.disconnects.push({ reason: e.reason, planned: e.planned, at: Date.now() }),
  );
  client.on('shutdownNotice', (n) => o.notices.push(n));
  client.on('resumed', () => o.resumes++);
  return o;
}

export const seqs = (o: Observed, room: string) => o.delivered.get(room) ?? [];
export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A bare Socket.IO client, for protocol-level checks the SDK would paper over. */
export async function rawSocket(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return socket;
}

/** The connect_error a handshake gets, or undefined when it connects. */
export async function handshakeError(
  url: string,
  auth: Record<string, unknown>,
): Promise<{ message: string; data: unknown } | undefined> {
  try {
    const s = await rawSocket(url, auth);
    s.close();
    return undefined;
  } catch (err) {
    const e = err as Error & { data?: unknown };
    return { message: e.message, data: e.data };
  }
}

export async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line ? Number(line.trim().split(' ').at(-1)) : NaN;
}
