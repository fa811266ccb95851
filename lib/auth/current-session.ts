import { cookies } from 'next/headers';
import { SESSION_COOKIE, verifySession, type Session } from './session';

/** The visitor's session in a server component. The proxy gives every page visit one. */
export async function currentSession(): Promise<Session | null> {
  return verifySession((await cookies()).get(SESSION_COOKIE)?.value);
}
