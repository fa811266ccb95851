import { randomUUID } from 'node:crypto';
import { SESSION_COOKIE, signSession } from '@/lib/auth/session';

/** A signed-in guest: its id and the Cookie header a browser would send. */
export async function guestCookie(userId: string = randomUUID()) {
  const token = await signSession({ userId, kind: 'guest' });
  return { userId, cookie: `${SESSION_COOKIE}=${token}` };
}
