import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getRun } from 'workflow/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, type DatabaseHandle } from '@/db/client';
import { listChatMessages, listReplacedAnswers } from '@/db/queries/messages';
import { getRunForViewer, listRunsForViewer } from '@/db/queries/runs';
import { messages as messagesTable } from '@/db/schema';
import { assistantMessageIdOf } from '@/lib/chat/types';
import { readRunSteps } from '@/lib/runs/world-data';
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

const post = (cookie: string | undefined, body: unknown) => POST(jsonRequest('/api/chat', { cookie, body }));

/** Sends a message (or an action) and waits until its run has ended; returns the run id. */
async function turn(cookie: string, body: unknown): Promise<string> {
  const response = await post(cookie, body);
  expect(response.status, JSON.stringify(await response.clone().text().catch(() => ''))).toBe(200);
  const runId = response.headers.get('x-workflow-run-id')!;
  await readSse(response);
  await getRun(runId).returnValue;
  return runId;
}

/** The user messages' text in what the run's first step handed the model: the history it answered from. */
async function questionsSeenByModel(runId: string): Promise<string[]> {
  const start = (await readRunSteps(runId)).find((step) => step.stepName.endsWith('//startTurn'));
  const history = start?.output as { role: string; content: string | { type: string; text?: string }[] }[];
  return history
    .filter((m) => m.role === 'user')
    .map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('')));
}

const texts = (list: { role: string; parts: unknown[] }[]) =>
  list.map((m) => `${m.role}: ${(m.parts as { type: string; text?: string }[]).map((p) => p.text ?? '').join('').slice(0, 24)}`);

async function chatWithOneTurn(text = 'Where is order 1001?') {
  const owner = await guestCookie();
  const chatId = randomUUID();
  const question = userMessage(text);
  const runId = await turn(owner.cookie, { id: chatId, message: question });
  return { ...owner, chatId, question, runId };
}

describe('POST /api/chat { regenerate }', () => {
  it('answers the same message with a new run; the earlier answer stays stored, out of the chat and the history', async () => {
    const { cookie, userId, chatId, question, runId: firstRun } = await chatWithOneTurn();
    const firstAnswer = assistantMessageIdOf(firstRun);

    const response = await post(cookie, { id: chatId, regenerate: { messageId: firstAnswer } });
    expect(response.status).toBe(200);
    const secondRun = response.headers.get('x-workflow-run-id')!;
    expect(secondRun).not.toBe(firstRun);
    const chunks = await readSse(response);
    expect(chunks[0]).toMatchObject({ type: 'start', messageId: assistantMessageIdOf(secondRun) });
    await getRun(secondRun).returnValue;

    // The chat: the question, answered by the new run.
    expect((await listChatMessages(chatId)).map((m) => [m.id, m.metadata?.runId])).toEqual([
      [question.id, secondRun],
      [assistantMessageIdOf(secondRun), secondRun],
    ]);
    // The earlier answer is reachable, under the question it answered.
    const replaced = await listReplacedAnswers(chatId);
    expect(Object.keys(replaced)).toEqual([question.id]);
    expect(replaced[question.id]!.map((m) => [m.id, m.metadata?.runId, m.metadata?.status])).toEqual([[firstAnswer, firstRun, 'completed']]);
    // The model saw the question once, not the replaced answer.
    expect(await questionsSeenByModel(secondRun)).toEqual(['Where is order 1001?']);
    // Run review: both runs answer the same question; the new one says whose answer it replaced.
    const viewer = { userId, role: 'agent' as const };
    expect((await getRunForViewer(firstRun, viewer))?.userMessageId).toBe(question.id);
    expect(await getRunForViewer(secondRun, viewer)).toMatchObject({ userMessageId: question.id, rerunOf: firstRun, status: 'completed' });
  });

  it('answers 409 while a turn runs, and for an answer that is not the newest', async () => {
    const { cookie, chatId, runId: firstRun } = await chatWithOneTurn();
    process.env.DEMO_MODEL_DELAY_MS = '40';
    try {
      const running = await post(cookie, { id: chatId, message: userMessage('And order 1002?') });
      const secondRun = running.headers.get('x-workflow-run-id');
      await readSseChunks(running, 2);
      const busy = await post(cookie, { id: chatId, regenerate: { messageId: assistantMessageIdOf(firstRun) } });
      expect(busy.status).toBe(409);
      expect(await errorOf(busy)).toMatchObject({ code: 'conflict', activeRunId: secondRun });
      await getRun(secondRun!).returnValue;
    } finally {
      process.env.DEMO_MODEL_DELAY_MS = '0';
    }
    const older = await post(cookie, { id: chatId, regenerate: { messageId: assistantMessageIdOf(firstRun) } });
    expect(older.status).toBe(409);
    expect((await errorOf(older)).message).toMatch(/Only the newest answer/);
    expect((await listChatMessages(chatId)).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it("answers 404 for someone else's chat, and for a message the chat does not have", async () => {
    const { chatId, runId } = await chatWithOneTurn();
    const stranger = await guestCookie();
    const foreign = await post(stranger.cookie, { id: chatId, regenerate: { messageId: assistantMessageIdOf(runId) } });
    expect(foreign.status).toBe(404);
    expect(await errorOf(foreign)).toMatchObject({ code: 'not_found' });

    // The stranger's own chat, naming the other chat's answer.
    const own = await chatWithOneTurn();
    const elsewhere = await post(own.cookie, { id: own.chatId, regenerate: { messageId: assistantMessageIdOf(runId) } });
    expect(elsewhere.status).toBe(404);
    expect(await listReplacedAnswers(chatId)).toEqual({});
  });

  it('counts against the hourly messages', async () => {
    process.env.GUEST_MESSAGES_PER_HOUR = '2';
    try {
      const { cookie, chatId, runId } = await chatWithOneTurn();
      const again = await turn(cookie, { id: chatId, regenerate: { messageId: assistantMessageIdOf(runId) } });
      const over = await post(cookie, { id: chatId, regenerate: { messageId: assistantMessageIdOf(again) } });
      expect(over.status).toBe(429);
      expect(await errorOf(over)).toMatchObject({ code: 'too_many_requests' });
    } finally {
      delete process.env.GUEST_MESSAGES_PER_HOUR;
    }
  });
});

describe('POST /api/chat { edit, message }', () => {
  it('sends the edited text as a new message; the edited message and the turns after it leave the chat, their runs stay in run review', async () => {
    const { cookie, userId, chatId, question: first, runId: firstRun } = await chatWithOneTurn('Where is order 1003?');
    const second = userMessage('And order 1004?');
    const secondRun = await turn(cookie, { id: chatId, message: second });

    const edited = userMessage('Where is order 1005?');
    const response = await post(cookie, { id: chatId, edit: { messageId: first.id }, message: edited });
    expect(response.status).toBe(200);
    const editRun = response.headers.get('x-workflow-run-id')!;
    await readSse(response);
    await getRun(editRun).returnValue;

    expect(texts(await listChatMessages(chatId))).toEqual(['user: Where is order 1005?', expect.stringMatching(/^assistant: .*1005/)]);
    expect((await listChatMessages(chatId))[0]).toMatchObject({ id: edited.id, metadata: { runId: editRun } });
    expect(await questionsSeenByModel(editRun)).toEqual(['Where is order 1005?']);
    expect(await listReplacedAnswers(chatId)).toEqual({});

    // Nothing was deleted: every run still shows its question and its stored answer.
    const stored = await (await db()).select({ id: messagesTable.id, replacedAt: messagesTable.replacedAt }).from(messagesTable).where(eq(messagesTable.chatId, chatId));
    expect(stored.filter((m) => m.replacedAt).map((m) => m.id).sort()).toEqual(
      [first.id, assistantMessageIdOf(firstRun), second.id, assistantMessageIdOf(secondRun)].sort(),
    );
    const runs = await listRunsForViewer({ viewer: { userId, role: 'agent' }, chatId, limit: 10 });
    expect(runs.map((r) => [r.id, r.userMessageParts])).toEqual(
      expect.arrayContaining([
        [firstRun, first.parts],
        [secondRun, second.parts],
        [editRun, edited.parts],
      ]),
    );
  });

  it('answers 409 while a turn runs, and for a message already replaced', async () => {
    const { cookie, chatId, question } = await chatWithOneTurn();
    process.env.DEMO_MODEL_DELAY_MS = '40';
    try {
      const running = await post(cookie, { id: chatId, message: userMessage('And order 1002?') });
      await readSseChunks(running, 2);
      const busy = await post(cookie, { id: chatId, edit: { messageId: question.id }, message: userMessage('Order 1003?') });
      expect(busy.status).toBe(409);
      expect(await errorOf(busy)).toMatchObject({ code: 'conflict', activeRunId: running.headers.get('x-workflow-run-id') });
      await getRun(running.headers.get('x-workflow-run-id')!).returnValue;
    } finally {
      process.env.DEMO_MODEL_DELAY_MS = '0';
    }
    await turn(cookie, { id: chatId, edit: { messageId: question.id }, message: userMessage('Where is order 1006?') });
    const twice = await post(cookie, { id: chatId, edit: { messageId: question.id }, message: userMessage('Where is order 1007?') });
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).message).toMatch(/already replaced/);
  });

  it("answers 404 for someone else's chat and for an answer (only one's own messages are edited)", async () => {
    const { cookie, chatId, question, runId } = await chatWithOneTurn();
    const stranger = await guestCookie();
    const foreign = await post(stranger.cookie, { id: chatId, edit: { messageId: question.id }, message: userMessage('Mine now') });
    expect(foreign.status).toBe(404);
    const answer = await post(cookie, { id: chatId, edit: { messageId: assistantMessageIdOf(runId) }, message: userMessage('Hello') });
    expect(answer.status).toBe(404);
    expect((await listChatMessages(chatId)).map((m) => m.id)).toEqual([question.id, assistantMessageIdOf(runId)]);
  });
});

describe('POST /api/chat message actions: bad input', () => {
  it.each([
    ['regenerate with a message', { regenerate: { messageId: 'msg_1' }, message: userMessage('hi') }],
    ['regenerate with an edit', { regenerate: { messageId: 'msg_1' }, edit: { messageId: 'u_1' } }],
    ['regenerate without a message id', { regenerate: {} }],
    ['regenerate with a malformed id', { regenerate: { messageId: 'no spaces allowed' } }],
    ['an edit without the new message', { edit: { messageId: 'u_1' } }],
    ['an edit whose new message is empty', { edit: { messageId: 'u_1' }, message: userMessage('  ') }],
    ['an edit with unknown fields', { edit: { messageId: 'u_1', text: 'x' }, message: userMessage('hi') }],
  ])('answers 400 for %s', async (_case, body) => {
    const { cookie, chatId } = await chatWithOneTurn();
    const response = await post(cookie, { id: chatId, ...body });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'bad_request', message: expect.any(String) });
    expect(await listChatMessages(chatId)).toHaveLength(2);
  });
});
