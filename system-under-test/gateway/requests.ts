import { z } from 'zod';

const room = z
  .string({ required_error: 'room is required', invalid_type_error: 'room must be a string' })
  .min(1, 'room must not be empty')
  .max(128, 'room must be at most 128 characters')
  .regex(/^[\w:.-]+$/, 'room may contain letters, digits and _ : . - only');
const seq = z.number().int().min(0);

export const joinRequest = z.object({ room, lastSeq: seq.nullish() });
export const leaveRequest = z.object({ room });
export const fetchRequest = z.object({ room, after: seq, limit: z.number().int().min(1).optional() });
export const headsRequest = z.object({ rooms: z.array(room).max(1_000) });
export const presenceRequest = z.object({ room });
export const sendRequest = z.object({
  room,
  clientMsgId: z
    .string({ required_error: 'clientMsgId is required' })
    .min(1, 'clientMsgId must not be empty')
    .max(128, 'clientMsgId must be at most 128 characters'),
  body: z.string({ required_error: 'body is required', invalid_type_error: 'body must be a string' }),
});

/** Human-readable summary of why a payload was refused. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) =>
      i.path.length > 0 && !i.message.startsWith(String(i.path[0]))
        ? `${i.path.join('.')}: ${i.message}`
        : i.message,
    )
    .join('; ');
}
