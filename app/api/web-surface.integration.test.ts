import { readdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { getWorld } from 'workflow/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getChatForUser } from '@/db/queries/chats';
import { listChatMessages } from '@/db/queries/messages';
import { isEventCursor } from '@/lib/runs/event-cursor';
import { isMethodRefusal, ROUTE_METHODS } from '@/lib/web/methods';
import { sendAndWait, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, params, readSse } from '@/testing/http';
import { guestCookie, signedInAs, type SignedIn } from '@/testing/session';
import { GET as auditList } from './audit/route';
import { POST as authPost } from './auth/[...all]/route';
import { POST as chatPost } from './chat/route';
import { POST as stopPost } from './chat/[id]/stop/route';
import { DELETE as chatDelete } from './chats/[chatId]/route';
import { POST as queuePost } from './chats/[chatId]/queue/route';
import { GET as runEvents } from './runs/[runId]/events/route';
import { GET as runsList } from './runs/route';

// The hardened web surface: what a browser on another site, a malformed body, a wrong method
// or a made-up cursor gets from the API, and message ids that belong to their chat.

let database: DatabaseHandle;
let owner: SignedIn;
let stranger: SignedIn;
beforeAll(async () => {
  database = await setUpTestDatabase();
  [owner, stranger] = await Promise.all([guestCookie(), guestCookie()]);
});
afterAll(() => database.close());

const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
const OTHER_SITE = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

function browserRequest(url: string, init: { method?: string; cookie: string; headers?: Record<string, string>; body?: string }) {
  return new Request(`http://localhost${url}`, { method: init.method ?? 'POST', headers: { cookie: init.cookie, ...init.headers }, body: init.body });
}

const chatBody = (chatId: string, text = 'Where is order 1001?') => JSON.stringify({ id: chatId, message: userMessage(text) });

describe('state-changing routes take only JSON from the app itself', () => {
  it('refuse a JSON post from another site with 403, and store nothing', async () => {
    const chatId = randomUUID();
    const response = await chatPost(
      browserRequest('/api/chat', { cookie: owner.cookie, headers: { ...OTHER_SITE, 'content-type': 'application/json' }, body: chatBody(chatId) }),
    );
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/other sites/) });
    expect(await getChatForUser(chatId, owner.userId)).toBeNull();
  });

  it('refuse a form post from another site (no preflight, the cookie goes along)', async () => {
    const form = new URLSearchParams({ id: randomUUID(), message: 'hi' });
    const response = await chatPost(
      browserRequest('/api/chat', { cookie: owner.cookie, headers: { ...OTHER_SITE, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }),
    );
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'forbidden' });
  });

  it('refuse a text/plain post, even without an Origin', async () => {
    const chatId = randomUUID();
    const response = await chatPost(browserRequest('/api/chat', { cookie: owner.cookie, headers: { 'content-type': 'text/plain' }, body: chatBody(chatId) }));
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/JSON/) });
    expect(await getChatForUser(chatId, owner.userId)).toBeNull();
  });

  it('take JSON from the same origin', async () => {
    const response = await chatPost(
      browserRequest('/api/chat', { cookie: owner.cookie, headers: { ...SAME_ORIGIN, 'content-type': 'application/json' }, body: chatBody(randomUUID()) }),
    );
    expect(response.status).toBe(200);
    expect((await readSse(response)).at(-1)).toMatchObject({ type: 'finish' });
  });

  it('check the origin of routes without a body too (stop, delete)', async () => {
    const { chatId } = await sendAndWait(owner.userId, 'hello');
    const stop = (headers: Record<string, string>) => stopPost(browserRequest(`/api/chat/${chatId}/stop`, { cookie: owner.cookie, headers }), params({ id: chatId }));
    expect((await stop(OTHER_SITE)).status).toBe(403);
    expect((await stop({ ...SAME_ORIGIN, 'content-length': '0' })).status).toBe(409); // past the guard: nothing is running

    const remove = (headers: Record<string, string>) =>
      chatDelete(browserRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie, headers }), params({ chatId }));
    expect((await remove({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect(await getChatForUser(chatId, owner.userId)).not.toBeNull();
    expect((await remove(SAME_ORIGIN)).status).toBe(204);
  });
});

describe('a NUL or a lone surrogate in any string of a body', () => {
  it.each([
    ['a NUL in the text', 'Where is\u0000 order 1001?'],
    ['a lone high surrogate', 'Where is order 1001? \ud83d'],
    ['a lone low surrogate', '\ude00 order 1001'],
  ])('answers 400 for %s and leaves no chat behind', async (_case, text) => {
    const chatId = randomUUID();
    const response = await chatPost(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: chatId, message: userMessage(text) } }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^message\.parts\.0\.text: .*NUL/) });
    expect(await getChatForUser(chatId, owner.userId)).toBeNull();
  });

  it('answers 400 for a NUL in a message id, and in a queued message', async () => {
    const chatId = randomUUID();
    const badId = await chatPost(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: chatId, message: userMessage('hi', 'u_\u0000') } }));
    expect(badId.status).toBe(400);
    const queued = await queuePost(jsonRequest(`/api/chats/${chatId}/queue`, { cookie: owner.cookie, body: { message: userMessage('a\u0000b') } }), params({ chatId }));
    expect(queued.status).toBe(400);
    expect(await errorOf(queued)).toMatchObject({ code: 'bad_request' });
  });
});

describe('a method a route does not serve', () => {
  const apiFolder = import.meta.dirname;
  const routeFiles = readdirSync(apiFolder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith(`${path.sep}route.ts`) || file === 'route.ts');

  it.each(routeFiles)('%s: every method is exported, the others answer 405 with JSON and Allow', async (file) => {
    const handlers = (await import(path.join(apiFolder, file))) as Record<string, unknown>;
    const served = ROUTE_METHODS.filter((method) => !isMethodRefusal(handlers[method]));
    expect(served.length).toBeGreaterThan(0);
    for (const method of ROUTE_METHODS) {
      expect(typeof handlers[method], `${file} exports ${method}`).toBe('function');
      if (served.includes(method)) continue;
      const response = await (handlers[method] as (request: Request) => Promise<Response>)(new Request('http://localhost/api/x', { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toContain(served.join(', '));
      expect(await errorOf(response)).toMatchObject({ code: 'method_not_allowed', message: expect.any(String) });
    }
  });
});

describe('a made-up pagination cursor', () => {
  it("answers 400 on a run's events, and takes the cursor the world gives out", async () => {
    const { runId } = await sendAndWait(owner.userId, 'Where is order 1002?');
    const page = await getWorld().events.list({ runId, pagination: { limit: 2, sortOrder: 'asc' }, resolveData: 'none' });
    expect(isEventCursor(page.cursor!)).toBe(true);
    const events = (cursor: string) => runEvents(jsonRequest(`/api/runs/${runId}/events?cursor=${encodeURIComponent(cursor)}`, { cookie: owner.cookie }), params({ runId }));
    expect((await events(page.cursor!)).status).toBe(200);
    for (const cursor of ['garbage', 'wevt_x', '9999-99-99T99:99:99.999Z|wevt_01KB2Z3Y4X5W6V7T8S9R0QPNMK']) {
      const response = await events(cursor);
      expect(response.status, cursor).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'bad_request' });
    }
  });

  it('answers 400 on the runs list and the audit record', async () => {
    expect((await runsList(jsonRequest('/api/runs?cursor=garbage', { cookie: owner.cookie }))).status).toBe(400);
    const approver = await signedInAs('approver');
    for (const before of ['abc', '1e30', '-1', '1.5']) {
      const response = await auditList(jsonRequest(`/api/audit?before=${before}`, { cookie: approver.cookie }));
      expect(response.status, before).toBe(400);
    }
  });
});

describe('message ids belong to their chat', () => {
  it("another person's message id is no conflict, and reveals nothing", async () => {
    const taken = userMessage('Where is order 1003?');
    const ownChat = randomUUID();
    await readSse(await chatPost(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: ownChat, message: taken } })));

    const otherChat = randomUUID();
    const response = await chatPost(jsonRequest('/api/chat', { cookie: stranger.cookie, body: { id: otherChat, message: { ...taken, parts: [{ type: 'text', text: 'Mine now?' }] } } }));
    expect(response.status).toBe(200);
    expect((await readSse(response)).at(-1)).toMatchObject({ type: 'finish' });
    expect((await listChatMessages(otherChat)).map((m) => [m.role, m.id === taken.id])).toEqual([['user', true], ['assistant', false]]);
    const own = await listChatMessages(ownChat);
    expect(own[0]).toMatchObject({ id: taken.id, parts: taken.parts });
    expect(own).toHaveLength(2);
  });

  it('a queued message may use an id another chat has', async () => {
    const taken = userMessage('Where is order 1004?');
    await readSse(await chatPost(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: randomUUID(), message: taken } })));
    const { chatId } = await sendAndWait(stranger.userId, 'hello');
    const response = await queuePost(jsonRequest(`/api/chats/${chatId}/queue`, { cookie: stranger.cookie, body: { message: taken } }), params({ chatId }));
    expect(response.status).toBe(202);
    // The chat was free, so the queued message is its next turn at once: let it finish.
    await expect.poll(async () => (await listChatMessages(chatId)).length, { timeout: 20_000 }).toBe(4);
  });
});

describe('session cookies', () => {
  const signInAsGuest = (headers: Record<string, string> = {}) =>
    authPost(new Request('http://localhost/api/auth/sign-in/anonymous', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' }));

  it('are HttpOnly and SameSite=Lax', async () => {
    const cookies = (await signInAsGuest()).headers.getSetCookie();
    expect(cookies.some((cookie) => cookie.includes('session_token='))).toBe(true);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    }
  });

  it('are Secure behind an HTTPS proxy', async () => {
    const cookies = (await signInAsGuest({ 'x-forwarded-proto': 'https' })).headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure(;|$)/i);
  });
});
