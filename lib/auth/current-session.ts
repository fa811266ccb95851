import { headers } from 'next/headers';
import { sessionFromHeaders, type Session } from './session';

/** The visitor's session in a server component; null sends them to sign in. */
export async function currentSession(): Promise<Session | null> {
  return sessionFromHeaders(await headers());
}
