import jwt from 'jsonwebtoken';

export interface Identity {
  userId: string;
  /** Rooms the token grants; '*' grants all. */
  rooms: string[];
  /** Epoch seconds, when the token has an expiry. */
  exp: number | undefined;
  token: string | undefined;
}

export class AuthError extends Error {
  readonly code = 'unauthorized' as const;
}

/** Verifies against each accepted secret in turn, so tokens signed before a rotation still pass. */
export function verifyToken(token: unknown, secrets: readonly string[]): Identity {
  if (typeof token !== 'string' || token.length === 0) throw new AuthError('missing token');
  let lastError: unknown;
  for (const secret of secrets) {
    try {
      const claims = jwt.verify(token, secret, { algorithms: ['HS256', 'HS384', 'HS512'] });
      if (typeof claims === 'string' || typeof claims.sub !== 'string' || claims.sub.length === 0) {
        throw new AuthError('token has no subject');
      }
      const rooms = Array.isArray(claims.rooms) ? claims.rooms.filter((r) => typeof r === 'string') : [];
      return { userId: claims.sub, rooms, exp: claims.exp, token };
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new AuthError('token expired');
      lastError = err;
    }
  }
  throw new AuthError(lastError instanceof AuthError ? lastError.message : 'invalid token');
}

export function mayJoin(identity: Identity, room: string): boolean {
  return identity.rooms.includes('*') || identity.rooms.includes(room);
}

export function isExpired(identity: Identity, nowMs = Date.now()): boolean {
  return identity.exp !== undefined && identity.exp * 1000 <= nowMs;
}
