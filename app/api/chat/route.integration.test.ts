import { randomUUID } from 'node:crypto';
import { getRun } from 'workflow/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { db, type DatabaseHandle } from '@/db/client';
import { approvals, chats } from '@/db/schema';
import { planFaults } from '@/lib/faults';
import { listChatMessages } from '@/db/queries/messages';
import { MAX_MESSAGE_CHARS } from '@/lib/chat/types';
import { userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, readSse, readSseChunks } from '@/testing/http';
import { guestCookie } from '@/testing/session';
import { POST } from './route';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await setUpTestDatabase();
});
afterAll(() => database.close());

const send = (cookie: string | undefined, body: unknown) => POST(jsonRequest('/api/chat', { cookie, body }));

describe('POST /api/chat', () => {
  it('answers 200 with the UI message stream and the run id header', async () => {
    const { cookie } = await guestCookie();
    const chatId = randomUUID();
    const response = await send(cookie, { id: chatId, message: userMessage('Where is order 1001?') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const runId = response.headers.get('x-workflow-run-id');
    expect(runId).toMatch(/^wrun_/);
    const chunks = await readSse(response);
    expect(chunks[0]).toMatchObject({ type: 'start', messageId: `msg_${runId}` });
    expect(chunks.at(-1)).toMatchObject({ type: 'finish' });
  });

  it('answers 401 without a valid session', async () => {
    const body = { id: randomUUID(), message: userMessage('hi') };
    expect((await send(undefined, body)).status).toBe(401);
    const forged = await send('session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad', body);
    expect(forged.status).toBe(401);
    expect(await errorOf(forged)).toMatchObject({ code: 'unauthorized' });
  });

  it.each([
    ['malformed JSON', { rawBody: '{"id":' }],
    ['a missing message', { body: { id: randomUUID() } }],
    ['an empty message', { body: { id: randomUUID(), message: userMessage('   ') } }],
    ['no parts', { body: { id: randomUUID(), message: { id: 'm1', role: 'user', parts: [] } } }],
    ['a chat id that is not a UUID', { body: { id: 'chat-1', message: userMessage('hi') } }],
    ['an unknown model', { body: { id: randomUUID(), message: userMessage('hi'), model: 'gpt-9' } }],
    ['an assistant message', { body: { id: randomUUID(), message: { ...userMessage('hi'), role: 'assistant' } } }],
    ['thousands of empty parts', { body: { id: randomUUID(), message: { ...userMessage('hi'), parts: [{ type: 'text', text: 'hi' }, ...Array(5000).fill({ type: 'text', text: '' })] } } }],
  ])('answers 400 for %s', async (_case, init) => {
    const { cookie } = await guestCookie();
    const response = await POST(jsonRequest('/api/chat', { cookie, method: 'POST', ...init }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'bad_request', message: expect.any(String) });
  });

  it(`answers 400 for text over ${MAX_MESSAGE_CHARS} characters and stores nothing`, async () => {
    const { cookie } = await guestCookie();
    const chatId = randomUUID();
    const response = await send(cookie, { id: chatId, message: userMessage('x'.repeat(MAX_MESSAGE_CHARS + 1)) });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/limit is 8000/);
    expect(await listChatMessages(chatId)).toEqual([]);
  });

  it('answers 413 for a body far larger than any message, without parsing it', async () => {
    const { cookie } = await guestCookie();
    const response = await POST(jsonRequest('/api/chat', { cookie, rawBody: `{"padding":"${'x'.repeat(300 * 1024)}"}` }));
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'payload_too_large' });
  });

  it("answers 404 for someone else's chat, and stores nothing in it", async () => {
    const owner = await guestCookie();
    const other = await guestCookie();
    const chatId = randomUUID();
    await readSse(await send(owner.cookie, { id: chatId, message: userMessage('Where is order 1002?') }));
    const response = await send(other.cookie, { id: chatId, message: userMessage('Let me in') });
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: 'not_found' });
    expect((await listChatMessages(chatId)).map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('answers 409 with the running turn while the chat is busy', async () => {
    const { cookie } = await guestCookie();
    const chatId = randomUUID();
    process.env.DEMO_MODEL_DELAY_MS = '40';
    try {
      const first = await send(cookie, { id: chatId, message: userMessage('Where is order 1003?') });
      const runId = first.headers.get('x-workflow-run-id');
      await readSseChunks(first, 2);
      const second = await send(cookie, { id: chatId, message: userMessage('And order 1004?') });
      expect(second.status).toBe(409);
      expect(await errorOf(second)).toMatchObject({ code: 'conflict', activeRunId: runId });
      await getRun(runId!).returnValue;
    } finally {
      process.env.DEMO_MODEL_DELAY_MS = '0';
    }
    const third = await send(cookie, { id: chatId, message: userMessage('And order 1004?') });
    expect(third.status).toBe(200);
    await readSse(third);
  });

  it('answers 409 for a message id that is already used', async () => {
    const { cookie } = await guestCookie();
    const chatId = randomUUID();
    const first = userMessage('Where is order 1005?');
    await readSse(await send(cookie, { id: chatId, message: first }));
    await readSse(await send(cookie, { id: chatId, message: userMessage('Where is order 1006?') }));
    const reused = await send(cookie, { id: chatId, message: first });
    expect(reused.status).toBe(409);
  });

  it('retries the newest message when it is sent again and was never answered', async () => {
    const { cookie } = await guestCookie();
    const chatId = randomUUID();
    const message = userMessage('Where is order 1008?');
    planFaults({ crashAt: { afterMessageStored: 1 } }); // the first request dies before its run starts
    expect((await send(cookie, { id: chatId, message })).status).toBe(500);
    // Long ago: its reservation has lapsed.
    await (await db()).update(chats).set({ activeRunClaimedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(chats.id, chatId));
    const retry = await send(cookie, { id: chatId, message });
    expect(retry.status).toBe(200);
    const secondRun = retry.headers.get('x-workflow-run-id');
    await readSse(retry);
    const stored = await listChatMessages(chatId);
    expect(stored.map((m) => [m.role, m.metadata?.runId])).toEqual([
      ['user', secondRun],
      ['assistant', secondRun],
    ]);
  });

  it('never runs an answered message again when it is sent again (a retried request): 409 with the run that answered', async () => {
    const { cookie } = await guestCookie();
    const chatId = randomUUID();
    const message = userMessage('Where is order 1008?');
    const firstRun = (await send(cookie, { id: chatId, message })).headers.get('x-workflow-run-id');
    await getRun(firstRun!).returnValue;
    const again = await send(cookie, { id: chatId, message });
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toMatchObject({ code: 'conflict', runId: firstRun });
    expect((await listChatMessages(chatId)).map((m) => [m.role, m.metadata?.runId])).toEqual([
      ['user', firstRun],
      ['assistant', firstRun],
    ]);
  });

  it('answers 429 with Retry-After and a sentence once a guest reaches their hourly messages or running answers', async () => {
    process.env.GUEST_MESSAGES_PER_HOUR = '2';
    try {
      const { cookie } = await guestCookie();
      for (const order of [1001, 1002]) await readSse(await send(cookie, { id: randomUUID(), message: userMessage(`Where is order ${order}?`) }));
      const over = await send(cookie, { id: randomUUID(), message: userMessage('Where is order 1003?') });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3000);
      expect(await errorOf(over)).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/2 messages in the last hour, the limit for guests/) });
    } finally {
      delete process.env.GUEST_MESSAGES_PER_HOUR;
    }

    // One answer at a time for a guest; a turn waiting for an approval is not answering.
    const { cookie, userId } = await guestCookie();
    const waiting = await send(cookie, { id: randomUUID(), message: userMessage('Refund $1 of order 1040') });
    expect(waiting.status).toBe(200);
    await until(async () => (await listPendingApprovalsOfRun(waiting.headers.get('x-workflow-run-id')!)) > 0);
    const meanwhile = await send(cookie, { id: randomUUID(), message: userMessage('Where is order 1004?') });
    expect(meanwhile.status).toBe(200);
    await readSse(meanwhile);

    // An answer running in another chat (its run holds the chat, no approval asked).
    await (await db()).insert(chats).values({ id: randomUUID(), userId, title: 'Running', activeRunId: 'wrun_still_answering', activeRunClaimedAt: new Date() });
    const busy = await send(cookie, { id: randomUUID(), message: userMessage('Where is order 1005?') });
    expect(busy.status).toBe(429);
    expect((await errorOf(busy)).message).toMatch(/already running in your chats/);
    await waiting.body?.cancel();
  });
});

async function listPendingApprovalsOfRun(runId: string): Promise<number> {
  const [row] = await (await db()).select({ n: count() }).from(approvals).where(and(eq(approvals.runId, runId), eq(approvals.status, 'pending')));
  return row?.n ?? 0;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
