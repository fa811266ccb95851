import { randomUUID } from 'node:crypto';
import { getWorld } from 'workflow/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChatForUser } from '@/db/queries/chats';
import { listChatMessages } from '@/db/queries/messages';
import { getRunForUser } from '@/db/queries/runs';
import { ensureUser } from '@/db/queries/users';
import type { DatabaseHandle } from '@/db/client';
import { sendAndWait, textOf } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { startFakeOpenAIServer } from '@/testing/fake-openai-server';

let database: DatabaseHandle;
const userId = randomUUID();

beforeAll(async () => {
  database = await setUpTestDatabase('pglite');
  await ensureUser(userId);
});
afterAll(() => database.close());

describe('a chat turn on the demo model', () => {
  it('calls the order tool, streams the answer and stores both', async () => {
    const { chatId, runId, chunks, output } = await sendAndWait(userId, 'Where is order 1007?');

    expect(output.status).toBe('completed');
    expect(chunks[0]).toMatchObject({ type: 'start', messageId: `msg_${runId}` });
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'completed' } });
    expect(chunks.filter((c) => c.type === 'finish')).toHaveLength(1);
    const toolInput = chunks.find((c) => c.type === 'tool-input-available');
    expect(toolInput).toMatchObject({ toolName: 'getOrder', input: { orderNumber: 1007 } });
    expect(textOf(chunks)).toMatch(/Order \*\*#1007\*\*/);
    expect(textOf(chunks)).toMatch(/Total: \*\*\$[\d,]+\.\d\d\*\*/);

    const stored = await listChatMessages(chatId);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
    const answer = stored[1]!;
    expect(answer.id).toBe(`msg_${runId}`);
    expect(answer.metadata).toMatchObject({ runId, model: 'demo', status: 'completed' });
    const tool = answer.parts.find((p) => p.type === 'tool-getOrder');
    expect(tool).toMatchObject({ state: 'output-available', input: { orderNumber: 1007 }, output: { number: 1007 } });
    const text = answer.parts.filter((p) => p.type === 'text').map((p) => p.text).join('');
    expect(text).toBe(textOf(chunks));

    const run = await getRunForUser(runId, userId);
    expect(run).toMatchObject({ status: 'completed', model: 'demo', assistantMessageId: `msg_${runId}`, error: null });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    expect(run!.inputTokens).toBeGreaterThan(0);
    expect(run!.outputTokens).toBeGreaterThan(0);
    expect((await getChatForUser(chatId, userId))!.activeRunId).toBeNull();
  });

  it('turns a failing tool into an explained answer, not a failed turn', async () => {
    const { chatId, chunks, output } = await sendAndWait(userId, 'What about order 9999?');
    expect(output.status).toBe('completed');
    expect(chunks.find((c) => c.type === 'tool-output-available')).toMatchObject({
      output: { error: 'Order #9999 does not exist.' },
    });
    expect(textOf(chunks)).toBe("Sorry, I couldn't look up that order: Order #9999 does not exist.");
    const [, answer] = await listChatMessages(chatId);
    expect(answer!.parts.find((p) => p.type === 'tool-getOrder')).toMatchObject({
      output: { error: 'Order #9999 does not exist.' },
    });
  });

  it('answers a follow-up with the earlier turns as context', async () => {
    const first = await sendAndWait(userId, 'Show delivered orders for Ada');
    expect(first.chunks.find((c) => c.type === 'tool-input-available')).toMatchObject({
      toolName: 'searchOrders',
      input: { customer: 'Ada', status: 'delivered' },
    });
    const second = await sendAndWait(userId, 'Who is customer ada@example.com?', { chatId: first.chatId });
    expect(textOf(second.chunks)).toMatch(/\*\*Ada Lovelace\*\* \(ada@example.com\) from London/);
    const stored = await listChatMessages(first.chatId);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });
});

describe('a chat turn on an OpenAI-compatible server', () => {
  let server: Awaited<ReturnType<typeof startFakeOpenAIServer>>;
  beforeAll(async () => {
    server = await startFakeOpenAIServer();
    process.env.OPENAI_COMPATIBLE_BASE_URL = server.baseURL;
    process.env.OPENAI_COMPATIBLE_API_KEY = 'sk-test';
    process.env.OPENAI_COMPATIBLE_MODEL = 'fake-model';
  });
  afterAll(async () => {
    process.env.OPENAI_COMPATIBLE_BASE_URL = '';
    await server.close();
  });

  it('streams a tool call and the answer from the server', async () => {
    const { chatId, chunks, output } = await sendAndWait(userId, 'Status of order 1003?', {
      model: 'openai-compatible:fake-model',
    });
    expect(output.status).toBe('completed');
    expect(chunks.find((c) => c.type === 'tool-input-available')).toMatchObject({
      toolName: 'getOrder',
      input: { orderNumber: 1003 },
    });
    expect(textOf(chunks)).toMatch(/^The order is (paid|shipped|delivered|cancelled)\.$/);

    const [first, second] = server.requests;
    expect(first!.authorization).toBe('Bearer sk-test');
    expect(first!.body).toMatchObject({ model: 'fake-model', stream: true });
    expect(first!.body.tools!.map((t) => t.function.name).sort()).toEqual([
      'addOrderNote',
      'cancelOrder',
      'getCustomer',
      'getOrder',
      'refundOrder',
      'searchOrders',
      'updateShippingAddress',
    ]);
    expect(second!.body.messages.at(-1)).toMatchObject({ role: 'tool' });

    const [, answer] = await listChatMessages(chatId);
    expect(answer!.metadata).toMatchObject({ model: 'openai-compatible:fake-model', status: 'completed' });
  });

  it('answers a tool input that does not fit the schema with the reason, and the turn goes on', async () => {
    const earlier = server.requests.length;
    const { chatId, chunks, output } = await sendAndWait(userId, 'A garbled lookup, please', {
      model: 'openai-compatible:fake-model',
    });
    expect(output.status).toBe('completed');
    const call = chunks.find((c) => c.type === 'tool-input-available');
    expect(call).toMatchObject({ toolName: 'getOrder', input: { orderNumber: 'soon' } });
    const reason = /^Invalid input for getOrder: orderNumber: .*expected number/;
    // The model is told why, and says so.
    const toolMessage = server.requests.slice(earlier).map((r) => r.body.messages.at(-1)!).find((m) => m.role === 'tool');
    expect(JSON.parse(toolMessage!.content as string)).toEqual({ error: expect.stringMatching(reason) });
    expect(textOf(chunks)).toMatch(/^The tool failed: Invalid input for getOrder/);
    // Stored as a failed call, as the UI and run review show it.
    const [, answer] = await listChatMessages(chatId);
    const part = answer!.parts.find((p) => p.type === 'tool-getOrder') as { state: string; output?: { error?: string } };
    expect(part.output?.error).toMatch(reason);
  });

  it('fails the turn at once, with the provider message, when the provider refuses the request (400)', async () => {
    const { chatId, runId, chunks, output } = await sendAndWait(userId, 'Please fail', {
      model: 'openai-compatible:fake-model',
    });
    expect(output.status).toBe('failed');
    const error = chunks.find((c) => c.type === 'error');
    expect(error).toMatchObject({ errorText: 'The fake server refuses this request.' });
    // Asked once: a request the provider refuses is refused again, so it is not retried.
    expect(server.requests.filter((r) => r.body.messages.at(-1)?.content === 'Please fail')).toHaveLength(1);
    expect(await modelStepAttempts(runId)).toEqual([1]);
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'failed' } });

    const run = await getRunForUser(runId, userId);
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('refuses') });
    expect((await getChatForUser(chatId, userId))!.activeRunId).toBeNull();
    const stored = await listChatMessages(chatId);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(stored[1]!.metadata).toMatchObject({ status: 'failed' });
  });

  it('waits out a rate limit (429, Retry-After: 1) and then answers', async () => {
    const text = 'Rate limit test: status of order 1003?';
    const { runId, chunks, output } = await sendAndWait(userId, text, { model: 'openai-compatible:fake-model' });
    expect(output.status).toBe('completed');
    expect(textOf(chunks)).toMatch(/^The order is (paid|shipped|delivered|cancelled)\.$/);
    const asked = server.requests.filter((r) => r.body.messages.at(-1)?.content === text);
    expect(asked).toHaveLength(2);
    expect(asked[1]!.at - asked[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(chunks.filter((c) => c.type === 'error')).toEqual([]);
    // The first model step took two attempts; the answer after the tool call one.
    expect(await modelStepAttempts(runId)).toEqual([2, 1]);
    // The retry was scheduled for when the provider asked, not the runtime's default.
    const [retry] = await retryEvents(runId);
    expect(retry).toMatchObject({ error: expect.stringContaining('Rate limit reached'), retryAfter: expect.any(String) });
    expect(Date.parse(retry!.retryAfter!) - asked[0]!.at).toBeGreaterThanOrEqual(1000);
  });
});

async function retryEvents(runId: string) {
  const events = await getWorld().events.list({ runId, pagination: { limit: 1000, sortOrder: 'asc' }, resolveData: 'all' });
  return events.data
    .filter((e) => e.eventType === 'step_retrying')
    .map((e) => {
      const data = (e as { eventData?: { error?: unknown; retryAfter?: string | Date } }).eventData;
      const error = data?.error;
      return {
        error: typeof error === 'object' && error && 'message' in error ? String(error.message) : String(error),
        retryAfter: data?.retryAfter === undefined ? undefined : new Date(data.retryAfter).toISOString(),
      };
    });
}

/** The attempts each model call of a run took, in call order. */
async function modelStepAttempts(runId: string): Promise<number[]> {
  const steps = await getWorld().steps.list({ runId, pagination: { limit: 100 }, resolveData: 'none' });
  return steps.data
    .filter((s) => s.stepName.endsWith('//doStreamStep'))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((s) => s.attempt);
}
