import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { getAuth } from '@/lib/auth/auth';

/**
 * Signed-in people for in-process route tests, through better-auth itself (the app's own
 * sign-in), so sessions are real rows and real signed cookies.
 */
export interface SignedIn {
  userId: string;
  name: string;
  /** The Cookie header a browser would send. */
  cookie: string;
}

/** The session cookie only: the cached copy of the session (its role) would go stale in a test. */
function sessionCookieOf(response: Response): string {
  const token = response.headers.getSetCookie().find((c) => c.includes('session_token='));
  if (!token) throw new Error(`no session cookie (HTTP ${response.status})`);
  return token.split(';')[0]!;
}

/** A one-click guest. */
export async function guestCookie(): Promise<SignedIn> {
  const auth = await getAuth();
  const response = await auth.api.signInAnonymous({ asResponse: true, headers: new Headers() });
  const { user } = (await response.clone().json()) as { user: { id: string; name: string } };
  return { userId: user.id, name: user.name, cookie: sessionCookieOf(response) };
}

/** Someone with an account and this role. */
export async function signedInAs(role: Role, name = `${role[0]!.toUpperCase()}${role.slice(1)} ${randomUUID().slice(0, 4)}`): Promise<SignedIn> {
  const auth = await getAuth();
  const email = `${randomUUID()}@people.test`;
  const response = await auth.api.signUpEmail({ body: { name, email, password: 'a-test-password' }, asResponse: true, headers: new Headers() });
  const { user } = (await response.clone().json()) as { user: { id: string } };
  await (await db()).update(users).set({ role }).where(eq(users.id, user.id));
  return { userId: user.id, name, cookie: sessionCookieOf(response) };
}
