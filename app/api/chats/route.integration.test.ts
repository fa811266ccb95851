import { getRun } from 'workflow/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getChatForUser } from '@/db/queries/chats';
import { listChatMessages } from '@/db/queries/messages';
import { sendAndWait, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, params, readSseChunks } from '@/testing/http';
import { guestCookie } from '@/testing/session';
import { POST as sendMessage } from '../chat/route';
import { DELETE, GET as getChat } from './[chatId]/route';
import { GET as listChats } from './route';

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

describe('DELETE /api/chats/{chatId}', () => {
  it('deletes the chat and its messages', async () => {
    const owner = await guestCookie();
    const { chatId } = await sendAndWait(owner.userId, 'Where is order 1014?');
    const response = await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie }), params({ chatId }));
    expect(response.status).toBe(204);
    expect(await getChatForUser(chatId, owner.userId)).toBeNull();
    expect(await listChatMessages(chatId)).toEqual([]);
    const again = await DELETE(jsonRequest(`/api/chats/${chatId}`, { method: 'DELETE', cookie: owner.cookie }), params({ chatId }));
    expect(again.status).toBe(404);
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
