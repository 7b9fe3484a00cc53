export function randomHex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) {
    const word = Math.floor(Math.min(Math.max(random(), 0), 0.9999999999) * 0x1_0000_0000);
    out += word.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** clientMsgIds unique per client instance (the counter) and, with high probability, across clients. */
export class MessageIdGenerator {
  private counter = 0;

  constructor(
    private readonly clientId: string,
    private readonly random: () => number,
  ) {}

  next(): string {
    this.counter += 1;
    return `${this.clientId}-${randomHex(this.random, 16)}-${this.counter.toString(36)}`;
  }
}
