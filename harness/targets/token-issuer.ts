import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * The run's auth service: signs the tokens every virtual user and browser page fetches on each
 * connection attempt. A secret rotation (runbook "Security Incident › 3. Rotate secrets") swaps the
 * signing secret, so clients re-authenticate with the new one on their next connect.
 */
export class TokenIssuer {
  private secret: string;
  private readonly retired: string[] = [];

  constructor(secret: string = newSecret()) {
    this.secret = secret;
  }

  /** The secret new tokens are signed with. */
  get current(): string {
    return this.secret;
  }

  /** Secrets used before the latest rotations, newest first. */
  get previous(): readonly string[] {
    return this.retired;
  }

  sign(userId: string, rooms: readonly string[], expiresInSeconds = 12 * 3600): string {
    return signWith(this.secret, userId, rooms, expiresInSeconds);
  }

  /**
   * Starts signing with a fresh secret (or `next`, when the pods were given it beforehand: a two-phase
   * rotation deploys the new secret before the issuer uses it); returns it.
   */
  rotate(next: string = newSecret()): string {
    this.retired.unshift(this.secret);
    this.secret = next;
    return this.secret;
  }
}

export function newSecret(): string {
  return randomBytes(24).toString('hex');
}

/** A token signed with any secret; a negative expiry gives a token that is already expired. */
export function signWith(
  secret: string,
  userId: string,
  rooms: readonly string[],
  expiresInSeconds: number,
): string {
  return jwt.sign({ sub: userId, rooms: [...rooms] }, secret, { expiresIn: expiresInSeconds });
}
