import { randomUUID } from 'node:crypto';
import { getRun } from 'workflow/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getApprovalForUser } from '@/db/queries/approvals';
import { getChatForUser } from '@/db/queries/chats';
import { listChatMessages } from '@/db/queries/messages';
import { getRunForUser } from '@/db/queries/runs';
import { readWrittenChunks } from '@/lib/chat/run-stream';
import { stopTurn } from '@/lib/chat/stop-turn';
import type { ChatMessage } from '@/lib/chat/types';
import { orderWithStatus, waitForApproval } from '@/testing/approvals';
import { sendAndWait, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, params, readSse, readSseChunks } from '@/testing/http';
import { guestCookie } from '@/testing/session';
import { POST as send } from '../../route';
import { GET as streamOf } from '../stream/route';
import { POST as stop } from './route';

let database: DatabaseHandle;
let owner: Awaited<ReturnType<typeof guestCookie>>;

beforeAll(async () => {
  database = await setUpTestDatabase();
  owner = await guestCookie();
});
afterAll(() => database.close());
afterEach(() => {
  process.env.DEMO_MODEL_DELAY_MS = '0';
});

const stopChat = (chatId: string, cookie = owner.cookie) =>
  stop(jsonRequest(`/api/chat/${chatId}/stop`, { method: 'POST', cookie }), params({ id: chatId }));

async function startSlowTurn(text: string) {
  process.env.DEMO_MODEL_DELAY_MS = '40';
  const chatId = randomUUID();
  const response = await send(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: chatId, message: userMessage(text) } }));
  return { chatId, runId: response.headers.get('x-workflow-run-id')!, response };
}

describe('POST /api/chat/{chatId}/stop', () => {
  it('cancels the run, really stops its work, stores the partial answer and frees the chat', async () => {
    const { chatId, runId, response } = await startSlowTurn('Show recent orders');
    const seen = await readSseChunks(response, 12); // the answer is streaming

    const started = Date.now();
    const stopped = await stopChat(chatId);
    expect(stopped.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const { message } = (await stopped.json()) as { message: ChatMessage };
    expect(message.metadata).toMatchObject({ status: 'cancelled' });
    const partial = message.parts.filter((p) => p.type === 'text').map((p) => p.text).join('');
    expect(partial).toMatch(/^I found 10 orders/);
    expect(partial).not.toMatch(/#1001/); // the last of the ten lines was never written

    expect(await getRun(runId).status).toBe('cancelled');
    expect(await getRunForUser(runId, owner.userId)).toMatchObject({ status: 'cancelled', error: 'Stopped by the user.' });
    expect((await getChatForUser(chatId, owner.userId))!.activeRunId).toBeNull();
    const [, stored] = await listChatMessages(chatId);
    expect(stored).toMatchObject({ id: `msg_${runId}`, metadata: { status: 'cancelled' } });

    // No more work: the stream stops growing, and a reader gets `finish`.
    const written = (await readWrittenChunks(runId)).length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await readWrittenChunks(runId)).length).toBe(written);
    expect(written).toBeGreaterThanOrEqual(seen.length);
    const replay = await readSse(await streamOf(jsonRequest(`/api/chat/${runId}/stream`, { cookie: owner.cookie }), params({ id: runId })));
    expect(replay.at(-1)).toMatchObject({ type: 'finish' });

    // The chat takes the next message at once.
    process.env.DEMO_MODEL_DELAY_MS = '0';
    const next = await send(jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: chatId, message: userMessage('Where is order 1003?') } }));
    expect(next.status).toBe(200);
    expect((await readSse(next)).at(-1)).toMatchObject({ type: 'finish' });
  });

  it('cancels the approval a stopped run was waiting for, saying Stop did it', async () => {
    const order = await orderWithStatus('delivered');
    const { chatId, runId, response } = await startSlowTurn(`Refund $1 of order ${order.number}`);
    void readSse(response);
    const approval = await waitForApproval(owner.userId, runId);
    expect((await stopChat(chatId)).status).toBe(200);
    const cancelled = { status: 'cancelled', reason: 'The turn was stopped before anyone decided.' };
    expect(await getApprovalForUser(approval.approvalId, owner.userId)).toMatchObject(cancelled);
    const [, stored] = await listChatMessages(chatId);
    const card = stored!.parts.find((p) => p.type === 'data-approval');
    expect(card).toMatchObject({ data: cancelled });
  });

  it('answers 409 when nothing is running', async () => {
    const { chatId } = await sendAndWait(owner.userId, 'hello');
    const response = await stopChat(chatId);
    expect(response.status).toBe(409);
    expect(await errorOf(response)).toMatchObject({ code: 'conflict' });
  });

  it('leaves a run that ended just before the stop alone', async () => {
    const { chatId, runId } = await sendAndWait(owner.userId, 'Where is order 1003?');
    const [, answer] = await listChatMessages(chatId);
    expect(await stopTurn(chatId, runId)).toBeNull(); // the world refuses to cancel a finished run
    expect(await getRunForUser(runId, owner.userId)).toMatchObject({ status: 'completed' });
    expect((await listChatMessages(chatId))[1]).toEqual(answer);
  });

  it("answers 404 for someone else's chat, and leaves its turn running", async () => {
    const { chatId, runId, response } = await startSlowTurn('Show recent orders');
    void readSse(response);
    const stranger = await guestCookie();
    expect((await stopChat(chatId, stranger.cookie)).status).toBe(404);
    expect((await stopChat(randomUUID())).status).toBe(404);
    expect(['pending', 'running']).toContain(await getRun(runId).status);
    await stopChat(chatId);
  });

  it('answers 401 without a session', async () => {
    const chatId = randomUUID();
    expect((await stop(jsonRequest(`/api/chat/${chatId}/stop`, { method: 'POST' }), params({ id: chatId }))).status).toBe(401);
  });
});
