import { randomUUID } from 'node:crypto';
import { getRun } from 'workflow/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getApprovalForUser } from '@/db/queries/approvals';
import { getChatForUser } from '@/db/queries/chats';
import { listChatMessages } from '@/db/queries/messages';
import { listRefunds } from '@/db/queries/store';
import { ensureUser } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { clearFaults, planFaults } from '@/lib/faults';
import { ApiError } from '@/lib/http';
import { orderWithStatus, waitForApproval, waitForRunEnd } from '@/testing/approvals';
import { readAll, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { reconcileOnce } from './reconciler';

// Each window where a crash or a failure leaves a turn half-done, injected at its exact
// point, and the reconciler finishing it. A crash point throws here where a server would die;
// nothing after it runs, exactly as after a SIGKILL.

let database: DatabaseHandle;
const userId = randomUUID();

beforeAll(async () => {
  database = await setUpTestDatabase();
  await ensureUser(userId);
});
afterAll(() => database.close());
afterEach(() => clearFaults());

/** The reconciler as it runs after a restart, a little later than now. */
const reconcileAfterRestart = (laterMs = 5_000) =>
  reconcileOnce({ processStartedAt: new Date(Date.now() + 1), singleInstance: true, now: new Date(Date.now() + laterMs) });

async function askForRefund(orderNumber: number) {
  const chatId = randomUUID();
  const { runId, stream } = await startChatTurn(userId, { id: chatId, message: userMessage(`Refund $3 of order ${orderNumber}`) });
  void readAll(stream);
  const approval = await waitForApproval(userId, runId);
  // Asleep on its hook, as it would be for hours.
  await expect.poll(async () => (await getRun(runId).status) === 'running', { timeout: 10_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { chatId, runId, approval };
}

async function expectAnswered(chatId: string, text: RegExp) {
  await expect
    .poll(async () => (await listChatMessages(chatId)).map((m) => `${m.role}:${m.metadata?.status ?? ''}`), { timeout: 30_000 })
    .toEqual(['user:', 'assistant:completed']);
  const answer = (await listChatMessages(chatId))[1]!;
  expect(answer.parts.filter((p) => p.type === 'text').map((p) => p.text).join('')).toMatch(text);
  expect((await getChatForUser(chatId, userId))!.activeRunId).toBeNull();
}

describe('the reconciler', () => {
  it('answers a message whose request died after storing it, before its run started', async () => {
    const chatId = randomUUID();
    const message = userMessage('Where is order 1007?');
    planFaults({ crashAt: { afterMessageStored: 1 } });
    await expect(startChatTurn(userId, { id: chatId, message })).rejects.toThrow('Injected crash at afterMessageStored');

    // Stored, the chat held for it, and nothing will answer it on its own.
    expect((await listChatMessages(chatId)).map((m) => m.id)).toEqual([message.id]);
    expect((await getChatForUser(chatId, userId))!.activeRunId).toMatch(/^pending:/);

    const report = await reconcileAfterRestart();
    const started = report.orphans.find((o) => o.chatId === chatId);
    expect(started).toMatchObject({ started: expect.stringMatching(/^wrun_/) });
    await expectAnswered(chatId, /Order \*\*#1007\*\*/);
    // Done once: a second pass has nothing to do for this chat.
    expect((await reconcileAfterRestart()).orphans.filter((o) => o.chatId === chatId)).toEqual([]);
  });

  it('leaves a reservation alone while its request may still be starting the run', async () => {
    const chatId = randomUUID();
    planFaults({ crashAt: { afterMessageStored: 1 } });
    await expect(startChatTurn(userId, { id: chatId, message: userMessage('Where is order 1002?') })).rejects.toThrow();
    // Another instance's request of a second ago, seen by a process that started before it.
    const report = await reconcileOnce({ processStartedAt: new Date(Date.now() - 60_000), singleInstance: false });
    expect(report.orphans.filter((o) => o.chatId === chatId)).toEqual([]);
    await reconcileAfterRestart(20_000);
    await expectAnswered(chatId, /#1002/);
  });

  it('delivers a decision recorded just before a crash, and a second click delivers it too', async () => {
    const order = await orderWithStatus('delivered');
    const { chatId, runId, approval } = await askForRefund(order.number);
    planFaults({ crashAt: { afterDecisionRecorded: 1 } });
    await expect(decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' })).rejects.toThrow('Injected crash');
    expect(await getApprovalForUser(approval.approvalId, userId)).toMatchObject({ status: 'approved' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await getRun(runId).status).toBe('running'); // asleep, with the decision stored

    // The person clicks again: 409 with the recorded decision, and the run wakes.
    const second = await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(ApiError);
    expect(second).toMatchObject({ code: 'conflict', details: { approval: { status: 'approved' } } });
    await expectAnswered(chatId, /Refunded \*\*\$3\.00\*\*/);
    expect((await listRefunds(order.number)).filter((r) => r.approvalId === approval.approvalId)).toHaveLength(1);
  });

  it('delivers a decision whose wake-up failed', async () => {
    const order = await orderWithStatus('delivered');
    const { chatId, runId, approval } = await askForRefund(order.number);
    planFaults({ crashAt: { beforeHookResume: 1 } });
    // The decision is recorded and the caller told so, though the run did not hear it.
    expect(await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'reject', reason: 'not yet' })).toMatchObject({ status: 'rejected' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await getRun(runId).status).toBe('running');

    expect((await reconcileAfterRestart()).decisionsDelivered).toBeGreaterThanOrEqual(1);
    await expectAnswered(chatId, /not made: .* rejected it: "not yet"/);
    expect(await waitForRunEnd(runId)).toBe('completed');
  });

  it('refuses a decision once its run has ended, and says why', async () => {
    const order = await orderWithStatus('delivered');
    const { runId, approval } = await askForRefund(order.number);
    await getRun(runId).cancel(); // cancelled behind the app's back (an operator, an outsider before the fix)
    const refused = await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'gone', message: 'The turn was stopped before anyone decided.' });
    expect(await getApprovalForUser(approval.approvalId, userId)).toMatchObject({ status: 'cancelled', reason: 'The turn was stopped before anyone decided.' });
    // And it stays refused.
    expect(await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' }).catch((e: unknown) => e)).toMatchObject({ code: 'gone' });
    expect((await listRefunds(order.number)).filter((r) => r.approvalId === approval.approvalId)).toEqual([]);
  });
});
