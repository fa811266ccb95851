import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as authGet, POST as authPost } from '@/app/api/auth/[...all]/route';
import { GET as chatsList } from '@/app/api/chats/route';
import type { DatabaseHandle } from '@/db/client';
import { seedDemoAccounts } from '@/db/seed';
import { sendAndWait } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { jsonRequest } from '@/testing/http';

// Accounts through the app's own auth endpoints, as the sign-in and sign-up pages call them.

let database: DatabaseHandle;
beforeAll(async () => {
  database = await setUpTestDatabase();
});
afterAll(() => database.close());

const ORIGIN = 'http://localhost';

async function auth(path: string, body: unknown, cookie?: string) {
  const headers = new Headers({ 'content-type': 'application/json', origin: ORIGIN });
  if (cookie) headers.set('cookie', cookie);
  return authPost(new Request(`${ORIGIN}/api/auth/${path}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

const sessionCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.includes('session_token='))?.split(';')[0];

async function chatsOf(cookie: string | undefined) {
  const response = await chatsList(jsonRequest('/api/chats', { cookie }));
  return response.status === 200 ? ((await response.json()) as { chats: { id: string }[] }).chats.map((c) => c.id) : response.status;
}

describe('accounts', () => {
  it('sign up, sign in, sign out: the session is a cookie the API accepts until sign-out', async () => {
    const email = `${randomUUID()}@example.test`;
    const signedUp = await auth('sign-up/email', { name: 'Grace Hopper', email, password: 'correct horse battery' });
    expect(signedUp.status).toBe(200);
    const cookie = sessionCookie(signedUp)!;
    expect(signedUp.headers.getSetCookie().find((c) => c.includes('session_token='))).toMatch(/HttpOnly/i);
    expect(await chatsOf(cookie)).toEqual([]);

    expect((await auth('sign-in/email', { email, password: 'wrong password' })).status).toBe(401);
    const signedIn = await auth('sign-in/email', { email, password: 'correct horse battery' });
    expect(signedIn.status).toBe(200);
    const again = sessionCookie(signedIn)!;
    const session = await authGet(new Request(`${ORIGIN}/api/auth/get-session`, { headers: { cookie: again } }));
    expect(await session.json()).toMatchObject({ user: { name: 'Grace Hopper', email, role: 'agent' } });

    expect((await auth('sign-out', {}, again)).status).toBe(200);
    expect(await chatsOf(again)).toBe(401);
  });

  it('a guest who signs up keeps their chats', async () => {
    const guest = await auth('sign-in/anonymous', {});
    expect(guest.status).toBe(200);
    const guestCookie = sessionCookie(guest)!;
    const { user } = (await guest.json()) as { user: { id: string; name: string } };
    expect(user.name).toMatch(/^Guest [0-9A-F]{4}$/);
    const { chatId } = await sendAndWait(user.id, 'Where is order 1007?');
    expect(await chatsOf(guestCookie)).toEqual([chatId]);

    const signedUp = await auth('sign-up/email', { name: 'Katherine Johnson', email: `${randomUUID()}@example.test`, password: 'orbital mechanics' }, guestCookie);
    expect(signedUp.status).toBe(200);
    expect(await chatsOf(sessionCookie(signedUp))).toEqual([chatId]);
    expect(await chatsOf(guestCookie)).toBe(401); // the guest is gone; their chats are not
  });

  it('seeds the demo people, who can sign in with the password the README gives', async () => {
    expect(await seedDemoAccounts(database.db)).toBe(3);
    expect(await seedDemoAccounts(database.db)).toBe(0); // once
    for (const [email, role] of [['agent@demo.store', 'agent'], ['approver@demo.store', 'approver'], ['admin@demo.store', 'admin']]) {
      const signedIn = await auth('sign-in/email', { email, password: 'support-demo' });
      expect(signedIn.status, email).toBe(200);
      expect(((await signedIn.json()) as { user: { role: string } }).user.role).toBe(role);
    }
  });

  it('refuses a sign-in posted from another site', async () => {
    const headers = new Headers({ 'content-type': 'application/json', origin: 'https://evil.example' });
    const response = await authPost(
      new Request(`${ORIGIN}/api/auth/sign-in/email`, { method: 'POST', headers, body: JSON.stringify({ email: 'agent@demo.store', password: 'support-demo' }) }),
    );
    expect(response.status).toBe(403);
  });
});

describe('guests from before accounts', () => {
  it('find their chats again: their old cookie becomes a session for the same person, once', async () => {
    const { SignJWT } = await import('jose');
    const { getAuthSecret } = await import('./secret');
    const { ensureUser } = await import('@/db/queries/users');
    const userId = randomUUID();
    await ensureUser(userId);
    const { chatId } = await sendAndWait(userId, 'Where is order 1002?');
    const legacy = await new SignJWT({ kind: 'guest' }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).sign(await getAuthSecret());

    const resumed = await auth('sign-in/legacy-guest', {}, `session=${legacy}`);
    expect(await resumed.json()).toEqual({ resumed: true });
    expect(await chatsOf(sessionCookie(resumed))).toEqual([chatId]);
    expect(resumed.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(/Max-Age=0/);

    const forged = await new SignJWT({ kind: 'guest' }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).sign(new TextEncoder().encode('another-secret-that-is-long-enough-xx'));
    expect(await (await auth('sign-in/legacy-guest', {}, `session=${forged}`)).json()).toEqual({ resumed: false });
  });
});
