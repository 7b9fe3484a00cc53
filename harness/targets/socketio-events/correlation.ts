/**
 * The harness's correlation id for a message of a protocol without ids of its own: `m.<user>.<n>`,
 * where n is the sender's running number (senderSeq). It is distinctive enough to be found inside
 * a chat text ("hello m.vu-00042.17 world") and carries sender and senderSeq by itself.
 */
export function correlationId(user: string, senderSeq: number): string {
  return `m.${user}.${senderSeq}`;
}

export interface Correlation {
  correlationId: string;
  sender: string;
  senderSeq: number;
}

const PATTERN = /(?<![A-Za-z0-9_])m\.([A-Za-z0-9_-]+)\.(\d+)(?!\d)/g;

/**
 * Finds the harness's correlation id in a delivered value (the id itself, or a text containing it).
 * `known` (the users of this run) decides between several candidates and lets a user id with other
 * characters be found too.
 */
export function extractCorrelation(value: unknown, known?: ReadonlySet<string>): Correlation | null {
  if (typeof value !== 'string') return null;
  let first: Correlation | null = null;
  for (const m of value.matchAll(PATTERN)) {
    const c = { correlationId: m[0], sender: m[1]!, senderSeq: Number(m[2]) };
    if (!known || known.has(c.sender)) return c;
    first ??= c;
  }
  if (known) {
    for (const user of known) {
      const at = value.indexOf(`m.${user}.`);
      if (at < 0) continue;
      const digits = /^\d+/.exec(value.slice(at + user.length + 3));
      if (digits) {
        return {
          correlationId: `m.${user}.${digits[0]}`,
          sender: user,
          senderSeq: Number(digits[0]),
        };
      }
    }
  }
  return first;
}
