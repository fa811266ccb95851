import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { newGuestSession, sessionTokenFromCookieHeader, signSession, verifySession } from './session';

describe('session cookies', () => {
  it('round-trips a guest session', async () => {
    const session = newGuestSession();
    expect(await verifySession(await signSession(session))).toEqual(session);
  });

  it('rejects missing, malformed, forged and expired tokens', async () => {
    expect(await verifySession(undefined)).toBeNull();
    expect(await verifySession('not-a-jwt')).toBeNull();
    const forged = await new SignJWT({ kind: 'guest' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(randomUUID())
      .sign(new TextEncoder().encode('some-other-secret-that-is-long-enough'));
    expect(await verifySession(forged)).toBeNull();
    const expired = await new SignJWT({ kind: 'guest' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(process.env.AUTH_SECRET!));
    expect(await verifySession(expired)).toBeNull();
    const notAUser = await new SignJWT({ kind: 'guest' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin')
      .sign(new TextEncoder().encode(process.env.AUTH_SECRET!));
    expect(await verifySession(notAUser)).toBeNull();
  });

  it('reads the session out of a Cookie header', () => {
    expect(sessionTokenFromCookieHeader('theme=dark; session=abc.def; x=1')).toBe('abc.def');
    expect(sessionTokenFromCookieHeader('theme=dark')).toBeUndefined();
    expect(sessionTokenFromCookieHeader(null)).toBeUndefined();
  });
});
