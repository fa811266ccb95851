import { getRun } from 'workflow/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getApprovalView } from '@/db/queries/approvals';
import { getChatForUser } from '@/db/queries/chats';
import { listChatMessages } from '@/db/queries/messages';
import { getRunRowForViewer } from '@/db/queries/runs';
import { startTurn, waitForApproval, waitForRunEnd } from '@/testing/approvals';
import { sendAndWait, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, params, readSseChunks } from '@/testing/http';
import { guestCookie, signedInAs } from '@/testing/session';
import { POST as sendMessage } from '../chat/route';
import { DELETE, GET as getChat, PATCH } from './[chatId]/route';
import { GET as listChats } from './route';
import { GET as searchChats } from './search/route';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await setUpTestDatabase();
});
afterAll(() => database.close());

type ChatList = { chats: { id: string; title: string; updatedAt: string; running: boolean }[] };

describe('GET /api/chats', () => {
  it("lists only the caller's chats, newest first, with title and time", async () => {
    const alice = await guestCookie();
    const bob = await guestCookie();
    const older = await sendAndWait(alice.userId, 'Where is order 1012?');
    const newer = await sendAndWait(alice.userId, 'Show shipped orders');
    await sendAndWait(bob.userId, 'Bob was here');

    const response = await listChats(jsonRequest('/api/chats', { cookie: alice.cookie }));
    expect(response.status).toBe(200);
    const { chats } = (await response.json()) as ChatList;
    expect(chats.map((c) => c.id)).toEqual([newer.chatId, older.chatId]);
    expect(chats[0]).toMatchObject({ title: 'Show shipped orders', running: false });
    expect(Date.parse(chats[0]!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(chats[1]!.updatedAt));
  });

  it('answers 401 without a session', async () => {
    expect((await listChats(jsonRequest('/api/chats'))).status).toBe(401);
  });
});

describe('GET /api/chats/{chatId}', () => {
  it('returns the chat with its stored messages to its owner only', async () => {
    const owner = await guestCookie();
    const other = await guestCookie();
    const { chatId } = await sendAndWait(owner.userId, 'Where is order 1013?');
    const response = await getChat(jsonRequest(`/api/chats/${chatId}`, { cookie: owner.cookie }), params({ chatId }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { chat: { id: string; activeRunId: string | null }; messages: unknown[] };
    expect(body.chat).toMatchObject({ id: chatId, activeRunId: null });
    expect(body.messages).toHaveLength(2);

    const foreign = await getChat(jsonRequest(`/api/chats/${chatId}`, { cookie: other.cookie }), params({ chatId }));
    expect(foreign.status).toBe(404);
    const garbage = await getChat(jsonRequest('/api/chats/nope', { cookie: owner.cookie }), params({ chatId: 'nope' }));
    expect(garbage.status).toBe(404);
  });
});

describe('PATCH /api/chats/{chatId}', () => {
  const rename = (chatId: string, cookie: string | undefined, body: unknown) =>
    PATCH(jsonRequest(`/api/chats/${chatId}`, { method: 'PATCH', cookie, ...(typeof body === 'string' ? { rawBody: body } : { body }) }), params({ chatId }));

  it('renames the chat for its owner, trimmed, without moving it up the list', async () => {
    const owner = await guestCookie();
    const { chatId } = await sendAndWait(owner.userId, 'Where is order 1017?');
    const before = await getChatForUser(chatId, owner.userId);
    const response = await rename(chatId, owner.cookie, { title: '  Late parcel for Grace  ' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ chat: { id: chatId, title: 'Late parcel for Grace', updatedAt: before!.updatedAt.toISOString() } });
    expect((await getChatForUser(chatId, owner.userId))?.title).toBe('Late parcel for Grace');
  });

  it('answers 400 with the reason for an empty, too long or malformed title', async () => {
    const owner = await guestCookie();
    const { chatId } = await sendAndWait(owner.userId, 'Where is order 1018?');
    for (const body of [{ title: '   ' }, { title: 'x'.repeat(101) }, { title: 42 }, {}, '{not json']) {
      const response = await rename(chatId, owner.cookie, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'bad_request', message: expect.any(String) });
    }
    expect((await rename(chatId, owner.cookie, { title: 'y'.repeat(100) })).status).toBe(200);
    expect((await getChatForUser(chatId, owner.userId))?.title).toBe('y'.repeat(100));
  });

  it("answers 404 for another user's chat, a deleted one or a made-up id, and 401 without a session", async () => {
    const owner = await guestCookie();
    const other = await guestCookie();
    const { chatId } = await sendAndWait(owner.userId, 'Where is order 1019?');
    const foreign = await rename(chatId, other.cookie, { title: 'Mine now' });
    expect(foreign.status).toBe(404);
    expect(await errorOf(foreign)).toMatchObject({ code: 'not_found' });
    expect((await getChatForUser(chatId, owner.userId))?.title).toBe('Where is order 1019?');
    expect((await rename('nope', owner.cookie, { title: 'x' })).status).toBe(404);
    expect((await rename(chatId, undefined, { title: 'x' })).status).toBe(401);
    await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie }), params({ chatId }));
    expect((await rename(chatId, owner.cookie, { title: 'x' })).status).toBe(404);
  });
});

describe('GET /api/chats/search', () => {
  type SearchBody = { query: string; chats: { id: string; title: string; snippet: string | null }[] };
  const search = (q: string | null, cookie?: string) =>
    searchChats(jsonRequest(`/api/chats/search${q === null ? '' : `?q=${encodeURIComponent(q)}`}`, { cookie }));

  it("finds the caller's chats by a word from a message, with a snippet, and nobody else's", async () => {
    const owner = await guestCookie();
    const other = await guestCookie();
    const { chatId } = await sendAndWait(owner.userId, 'The customer wants gift wrapping for order 1020');
    await sendAndWait(owner.userId, 'Where is order 1021?');
    await sendAndWait(other.userId, 'Gift wrapping for order 1022 please');

    const response = await search('wrap', owner.cookie);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SearchBody;
    expect(body.query).toBe('wrap');
    expect(body.chats.map((c) => c.id)).toEqual([chatId]);
    expect(body.chats[0]!.snippet).toContain('gift wrapping');

    const none = (await (await search('teapot', owner.cookie)).json()) as SearchBody;
    expect(none.chats).toEqual([]);
  });

  it('answers 400 without words to search for, and 401 without a session', async () => {
    const owner = await guestCookie();
    for (const q of [null, '', '   ', 'x'.repeat(201)]) {
      const response = await search(q, owner.cookie);
      expect(response.status, String(q)).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^q: /) });
    }
    expect((await search('order')).status).toBe(401);
  });
});

describe('DELETE /api/chats/{chatId}', () => {
  it('takes the chat away from its owner; its runs stay in run review for admins', async () => {
    const owner = await guestCookie();
    const admin = await signedInAs('admin');
    const { chatId, runId } = await sendAndWait(owner.userId, 'Where is order 1014?');
    const response = await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie }), params({ chatId }));
    expect(response.status).toBe(204);
    expect(await getChatForUser(chatId, owner.userId)).toBeNull();
    expect((await getChat(jsonRequest(`/api/chats/${chatId}`, { cookie: owner.cookie }), params({ chatId }))).status).toBe(404);
    const { chats } = (await (await listChats(jsonRequest('/api/chats', { cookie: owner.cookie }))).json()) as ChatList;
    expect(chats.map((c) => c.id)).not.toContain(chatId);
    // A stale tab cannot bring it back by posting to it.
    const post = await sendMessage(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: chatId, message: userMessage('Hello again') } }));
    expect(post.status).toBe(404);

    expect(await getRunRowForViewer(runId, { userId: admin.userId, role: 'admin' })).toMatchObject({ id: runId, status: 'completed' });
    expect(await listChatMessages(chatId)).toHaveLength(2);
    const again = await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie }), params({ chatId }));
    expect(again.status).toBe(404);
  });

  it('cancels the approvals a deleted chat was waiting for', async () => {
    const owner = await guestCookie();
    const turn = await startTurn(owner.userId, 'Refund $5 of order 1007');
    const approval = await waitForApproval(owner.userId, turn.runId);
    const { chatId } = approval;
    const response = await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie }), params({ chatId }));
    expect(response.status).toBe(204);
    expect(await waitForRunEnd(turn.runId)).toBe('cancelled');
    expect(await getApprovalView(approval.approvalId)).toMatchObject({ status: 'cancelled', reason: 'The chat was deleted before anyone decided.' });
  });

  it("answers 404 for another user's chat and leaves it alone", async () => {
    const owner = await guestCookie();
    const other = await guestCookie();
    const { chatId } = await sendAndWait(owner.userId, 'Where is order 1015?');
    const response = await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: other.cookie }), params({ chatId }));
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: 'not_found' });
    expect(await getChatForUser(chatId, owner.userId)).not.toBeNull();
  });

  it('cancels a turn that is still running', async () => {
    const owner = await guestCookie();
    process.env.DEMO_MODEL_DELAY_MS = '40';
    try {
      const chatId = crypto.randomUUID();
      const post = await sendMessage(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: chatId, message: userMessage('Where is order 1016?') } }));
      const runId = post.headers.get('x-workflow-run-id')!;
      await readSseChunks(post, 2);
      const response = await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie }), params({ chatId }));
      expect(response.status).toBe(204);
      await expect.poll(() => getRun(runId).status, { timeout: 10_000 }).toBe('cancelled');
      // Ended as Stop ends a turn: recorded cancelled, so run review does not show it running for ever.
      const admin = await signedInAs('admin');
      expect(await getRunRowForViewer(runId, { userId: admin.userId, role: 'admin' })).toMatchObject({ status: 'cancelled', error: 'The chat was deleted.' });
    } finally {
      process.env.DEMO_MODEL_DELAY_MS = '0';
    }
  });

  it('answers 401 without a session', async () => {
    const chatId = crypto.randomUUID();
    expect((await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE' }), params({ chatId }))).status).toBe(401);
    expect((await getChat(jsonRequest(`/api/chats/${chatId}`), params({ chatId }))).status).toBe(401);
  });
});
