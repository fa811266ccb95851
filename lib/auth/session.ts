import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { getAuthSecret } from './secret';

export const SESSION_COOKIE = 'session';
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 365;

export interface Session {
  userId: string;
  kind: 'guest';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function signSession(session: Session): Promise<string> {
  return new SignJWT({ kind: session.kind })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.userId)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_MAX_AGE_SECONDS}s`)
    .sign(await getAuthSecret());
}

/** Returns the session a token carries, or null for a missing, forged or expired one. */
export async function verifySession(token: string | undefined | null): Promise<Session | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, await getAuthSecret(), { algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub) || payload.kind !== 'guest') return null;
    return { userId: payload.sub, kind: 'guest' };
  } catch {
    return null;
  }
}

export function newGuestSession(): Session {
  return { userId: randomUUID(), kind: 'guest' };
}

/** Reads the session cookie out of a raw Cookie header. */
export function sessionTokenFromCookieHeader(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
