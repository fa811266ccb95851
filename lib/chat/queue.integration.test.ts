import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { listChatMessages } from '@/db/queries/messages';
import { enqueueMessage, listQueuedMessages } from '@/db/queries/queue';
import { ensureUser } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { reconcileOnce } from '@/lib/engine/reconciler';
import { orderWithStatus, waitForApproval } from '@/testing/approvals';
import { readAll, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { queueMessage, unqueueMessage } from './queue';
import { startChatTurn } from './start-chat-turn';

// Messages sent while the chat answers wait their turn, in order, and start by themselves.

let database: DatabaseHandle;
const userId = randomUUID();
const me = { userId, isGuest: false };

beforeAll(async () => {
  database = await setUpTestDatabase();
  await ensureUser(userId, { role: 'agent' });
});
afterAll(() => database.close());

const conversation = async (chatId: string) =>
  (await listChatMessages(chatId)).map((m) => `${m.role}: ${m.role === 'user' ? (m.parts[0] as { text: string }).text : (m.metadata?.status ?? '')}`);

describe('queued messages', () => {
  it('wait while a turn waits for an approval, then become the next turns, in order', async () => {
    const order = await orderWithStatus('delivered');
    const chatId = randomUUID();
    const first = await startChatTurn(userId, { id: chatId, message: userMessage(`Refund $1 of order ${order.number}`) });
    void readAll(first.stream);
    const approval = await waitForApproval(userId, first.runId);

    expect(await queueMessage(me, { id: chatId, message: userMessage('Where is order 1003?') })).toMatchObject({ position: 1 });
    expect(await queueMessage(me, { id: chatId, message: userMessage('Where is order 1004?') })).toMatchObject({ position: 2 });
    const takenBack = userMessage('Where is order 1005?');
    await queueMessage(me, { id: chatId, message: takenBack });
    await unqueueMessage(userId, chatId, takenBack.id);
    await expect(unqueueMessage(userId, chatId, takenBack.id)).rejects.toMatchObject({ status: 404 });
    expect(await conversation(chatId)).toEqual([`user: Refund $1 of order ${order.number}`]);

    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await expect
      .poll(() => conversation(chatId), { timeout: 30_000 })
      .toEqual([
        `user: Refund $1 of order ${order.number}`,
        'assistant: completed',
        'user: Where is order 1003?',
        'assistant: completed',
        'user: Where is order 1004?',
        'assistant: completed',
      ]);
    expect(await listQueuedMessages(chatId)).toEqual([]);
  });

  it('start at once when the chat was free by the time they arrived', async () => {
    const chatId = randomUUID();
    const first = await startChatTurn(userId, { id: chatId, message: userMessage('Where is order 1006?') });
    await readAll(first.stream);
    await queueMessage(me, { id: chatId, message: userMessage('Where is order 1007?') });
    await expect.poll(() => conversation(chatId), { timeout: 20_000 }).toHaveLength(4);
  });

  it('are started by the reconciler when a crash left the chat free with messages waiting', async () => {
    const chatId = randomUUID();
    const first = await startChatTurn(userId, { id: chatId, message: userMessage('Where is order 1008?') });
    await readAll(first.stream);
    // Queued, but the turn that should have started it died first.
    await enqueueMessage({ chatId, userId, message: userMessage('Where is order 1009?'), model: 'demo' });
    expect((await reconcileOnce({ processStartedAt: new Date(), singleInstance: true })).queuedTurns).toBeGreaterThanOrEqual(1);
    await expect.poll(() => conversation(chatId), { timeout: 20_000 }).toEqual([
      'user: Where is order 1008?',
      'assistant: completed',
      'user: Where is order 1009?',
      'assistant: completed',
    ]);
  });
});
