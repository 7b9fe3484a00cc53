import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { TokenIssuer } from '../targets/token-issuer.js';
import { credentials, PROBE_ROOM } from './auth-probes.js';
import { BAD_TOKEN_KINDS } from '../history/events.js';

/** What a gateway verifying against `secrets` (HS256/384/512, as the reference gateway) makes of a token. */
function verdict(token: string | undefined, secrets: string[]): 'valid' | 'expired' | 'invalid' {
  if (token === undefined) return 'invalid';
  for (const secret of secrets) {
    try {
      jwt.verify(token, secret, { algorithms: ['HS256', 'HS384', 'HS512'] });
      return 'valid';
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) return 'expired';
    }
  }
  return 'invalid';
}

describe('auth probe credentials', () => {
  const tokens = new TokenIssuer();

  it('the control token is valid for the current secret and grants the probe room', () => {
    const { token } = credentials('valid', tokens, 'probe-1', 'vu-00000');
    expect(verdict(token, [tokens.current])).toBe('valid');
    expect(jwt.decode(token!)).toMatchObject({ sub: 'probe-1', rooms: [PROBE_ROOM] });
  });

  it('every bad kind fails verification with the current secret', () => {
    for (const kind of BAD_TOKEN_KINDS) {
      const auth = credentials(kind, tokens, 'probe-1', 'vu-00000');
      expect(verdict(auth.token, [tokens.current]), kind).not.toBe('valid');
    }
    expect(verdict(credentials('expired', tokens, 'p', 'v').token, [tokens.current])).toBe('expired');
  });

  it('the unsigned token carries alg none and would pass a verifier that trusted its header', () => {
    const { token } = credentials('alg-none', tokens, 'probe-1', 'vu-00000');
    expect(jwt.decode(token!, { complete: true })?.header.alg).toBe('none');
    expect(jwt.decode(token!)).toMatchObject({ sub: 'probe-1' });
  });

  it('a forged resume claims the victim without a valid token', () => {
    const auth = credentials('forged-resume', tokens, 'probe-1', 'vu-00042');
    expect(auth).toMatchObject({ resume: true, userId: 'vu-00042' });
    expect(verdict(auth.token, [tokens.current])).toBe('invalid');
  });

  it('an old-secret token verifies with the retired secret only, and needs a rotation', () => {
    const rotated = new TokenIssuer();
    expect(() => credentials('old-secret', rotated, 'p', 'v')).toThrow(/rotated secret/);
    const old = rotated.current;
    rotated.rotate();
    const { token } = credentials('old-secret', rotated, 'probe-1', 'vu-00000');
    expect(verdict(token, [old])).toBe('valid');
    expect(verdict(token, [rotated.current])).toBe('invalid');
  });
});

describe('TokenIssuer.rotate with a secret given beforehand', () => {
  it('signs with it from then on and keeps the previous one as retired', () => {
    const tokens = new TokenIssuer('first-secret');
    tokens.rotate('second-secret');
    expect(tokens.current).toBe('second-secret');
    expect(tokens.previous).toEqual(['first-secret']);
    expect(verdict(tokens.sign('u', ['r']), ['second-secret'])).toBe('valid');
  });
});
