// Emitting a configured step (login, join, send): its data rendered from the templates, the ack
// awaited within its timeout, the reply checked against the step's match.
import type { Socket } from 'socket.io-client';
import type { EmitStep } from '../target.js';
import type { SocketIoEventsAdapterOptions } from './adapter.js';
import { renderTemplate, valueAt, type TemplateContext } from './template.js';

/** Emits a login or join step; with acknowledge, waits for the ack and checks its match. */
export async function emitStep(
  socket: Socket,
  step: EmitStep,
  ctx: TemplateContext,
  what: string,
  options: SocketIoEventsAdapterOptions,
): Promise<void> {
  const data = dataOf(step, ctx);
  if (!step.acknowledge) {
    socket.emit(step.emit, ...data);
    return;
  }
  let reply: unknown;
  try {
    reply = await socket.timeout(ackTimeout(step, options)).emitWithAck(step.emit, ...data);
  } catch (e) {
    throw new Error(`${what} (${step.emit}): no ack: ${(e as Error).message}`);
  }
  if (!matches(step, reply)) throw new Error(`${what} (${step.emit}) refused: ${short(reply)}`);
}

/** The ack satisfies the step's match (any ack does when it has none). */
export function matches(step: EmitStep, reply: unknown): boolean {
  const match = typeof step.acknowledge === 'object' ? step.acknowledge.match : undefined;
  if (!match) return true;
  return valueAt(reply, match.path) === match.equals;
}

/** The step's own ack timeout, else the adapter's. */
export function ackTimeout(step: EmitStep, options: SocketIoEventsAdapterOptions): number {
  const own = typeof step.acknowledge === 'object' ? step.acknowledge.timeoutMs : undefined;
  return own ?? options.ackTimeoutMs ?? 5000;
}

/** The emit's arguments: the rendered data, or none. */
export function dataOf(step: EmitStep, ctx: TemplateContext): unknown[] {
  return step.data === undefined ? [] : [renderTemplate(step.data, ctx)];
}

/** A reply for an error message: JSON, at most 200 characters. */
export function short(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
