import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db, type DatabaseHandle } from '@/db/client';
import { approvals } from '@/db/schema';
import { ensureUser } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { stopTurn } from '@/lib/chat/stop-turn';
import { clearFaults, planFaults } from '@/lib/faults';
import { orderWithStatus, waitForApproval, waitForRunEnd } from '@/testing/approvals';
import { readAll, sendAndWait, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { startFakeOpenAIServer } from '@/testing/fake-openai-server';
import { getRunDetail } from './detail';
import { listRuns } from './list';
import { rerun } from './rerun';
import type { StepItem, TimelineItem } from './timeline';

let database: DatabaseHandle;
let userId: string;

beforeAll(async () => {
  database = await setUpTestDatabase();
});
afterAll(() => database.close());
afterEach(() => {
  clearFaults();
  process.env.DEMO_MODEL_DELAY_MS = '0';
});

const steps = (items: TimelineItem[]) => items.filter((i): i is StepItem => i.kind === 'step');

async function freshUser() {
  userId = randomUUID();
  await ensureUser(userId);
  return userId;
}

describe('run review', () => {
  it('reports a completed run: list row, steps in order, model calls with tokens and latency', async () => {
    await freshUser();
    const { runId, chatId } = await sendAndWait(userId, 'Where is order 1007?');
    const { runs } = await listRuns({ viewer: { userId, role: 'agent' } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      runId,
      chatId,
      chatTitle: 'Where is order 1007?',
      userMessage: 'Where is order 1007?',
      status: 'completed',
      modelCalls: 2,
      toolCalls: 1,
      model: 'demo',
      modelLabel: 'Demo model (offline)',
      approvals: { pending: 0, approved: 0, rejected: 0, expired: 0 },
    });
    expect(runs[0]!.inputTokens).toBeGreaterThan(0);
    expect(runs[0]!.durationMs).toBeGreaterThan(0);

    const detail = (await getRunDetail(runId, { userId, role: 'agent' }))!;
    expect(detail.worldStatus).toBe('completed');
    expect(steps(detail.timeline.items).map((s) => s.label)).toEqual([
      'Start turn: claim the chat, load history',
      'Model call',
      'Tool: Look up order',
      'Stream tool results',
      'Model call',
      'Store the answer',
    ]);
    for (const step of steps(detail.timeline.items)) {
      expect(step.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'completed' })]);
      expect(step.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(detail.modelCalls).toHaveLength(2);
    expect(detail.modelCalls[0]).toMatchObject({ finishReason: 'tool-calls' });
    expect(detail.modelCalls[1]).toMatchObject({ finishReason: 'stop', text: expect.stringContaining('Order **#1007**') });
    for (const call of detail.modelCalls) {
      expect(call.inputTokens).toBeGreaterThan(0);
      expect(call.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(detail.totals.inputTokens).toBe(detail.modelCalls[0]!.inputTokens + detail.modelCalls[1]!.inputTokens);
    const tool = steps(detail.timeline.items).find((s) => s.label === 'Tool: Look up order')!;
    expect(tool.output).toMatchObject({ number: 1007 });
  });

  it('reports a failed run with every failed attempt of its model call', async () => {
    await freshUser();
    const server = await startFakeOpenAIServer();
    process.env.OPENAI_COMPATIBLE_BASE_URL = server.baseURL;
    process.env.OPENAI_COMPATIBLE_MODEL = 'fake-model';
    try {
      // The fake server answers this one with a 500 four times: every attempt of the model step.
      const { runId } = await sendAndWait(userId, 'A flaky question', { model: 'openai-compatible:fake-model' });
      const [row] = (await listRuns({ viewer: { userId, role: 'agent' }, filter: 'failed' })).runs;
      expect(row).toMatchObject({ runId, status: 'failed', error: expect.stringContaining('had an internal error') });
      const detail = (await getRunDetail(runId, { userId, role: 'agent' }))!;
      expect(detail.worldStatus).toBe('failed');
      const model = steps(detail.timeline.items).find((s) => s.label === 'Model call')!;
      expect(model.attempts.map((a) => a.outcome)).toEqual(['retrying', 'retrying', 'retrying', 'failed']);
      expect(model.attempts[0]!.error).toContain('had an internal error');
      expect(steps(detail.timeline.items).at(-1)!.label).toBe('Record the failure');
    } finally {
      process.env.OPENAI_COMPATIBLE_BASE_URL = '';
      await server.close();
    }
  });

  it('reports a retried step with both attempts, the delay between them, its effect and the approval', async () => {
    await freshUser();
    planFaults({ paymentUnavailable: 1 });
    const order = await orderWithStatus('delivered');
    const { runId, stream } = await startChatTurn(userId, { id: randomUUID(), message: userMessage(`Refund $1 of order ${order.number}`) });
    void readAll(stream);
    const approval = await waitForApproval(userId, runId);
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve', reason: 'Goodwill' });
    await waitForRunEnd(runId);

    const detail = (await getRunDetail(runId, { userId, role: 'agent' }))!;
    const refund = steps(detail.timeline.items).find((s) => s.label === 'Refund through the payment provider')!;
    expect(refund.attempts).toHaveLength(2);
    expect(refund.attempts[0]).toMatchObject({ outcome: 'retrying', error: 'The payment provider is temporarily unavailable (503).' });
    expect(refund.attempts[0]!.retryDelayMs).toBeGreaterThanOrEqual(400);
    expect(refund.attempts[1]).toMatchObject({ outcome: 'completed' });
    expect(refund.effect).toMatchObject({ idempotencyKey: refund.id, toolName: 'refund', result: { amountCents: 100 } });

    const hook = detail.timeline.items.find((i) => i.kind === 'hook')!;
    expect(hook).toMatchObject({
      outcome: 'received',
      approval: { status: 'approved', reason: 'Goodwill', decidedBy: { id: userId } },
    });
    const deadline = detail.timeline.items.find((i) => i.kind === 'wait')!;
    expect(deadline).toMatchObject({ label: expect.stringMatching(/^Approval deadline/), outcome: 'not needed' });
    const [row] = (await listRuns({ viewer: { userId, role: 'agent' } })).runs;
    expect(row!.approvals).toEqual({ pending: 0, approved: 1, rejected: 0, expired: 0 });
  });

  it('reports a run waiting for approval', async () => {
    await freshUser();
    const order = await orderWithStatus('delivered');
    const { runId, stream } = await startChatTurn(userId, { id: randomUUID(), message: userMessage(`Refund $1 of order ${order.number}`) });
    void readAll(stream);
    const approval = await waitForApproval(userId, runId);
    const [row] = (await listRuns({ viewer: { userId, role: 'agent' }, filter: 'waiting' })).runs;
    expect(row).toMatchObject({ runId, status: 'waiting', approvals: { pending: 1 }, modelCalls: 1, toolCalls: 1 });
    expect((await listRuns({ viewer: { userId, role: 'agent' }, filter: 'running' })).runs).toEqual([]);
    const detail = (await getRunDetail(runId, { userId, role: 'agent' }))!;
    expect(detail.timeline.items.find((i) => i.kind === 'hook')).toMatchObject({ outcome: 'waiting', approval: { status: 'pending' } });

    // Past its deadline and undecided counts as expired at once, before the run writes it down.
    const setDeadline = async (when: ReturnType<typeof sql>) =>
      (await db()).update(approvals).set({ expiresAt: when }).where(eq(approvals.id, approval.approvalId));
    await setDeadline(sql`now() - interval '1 second'`);
    const [late] = (await listRuns({ viewer: { userId, role: 'agent' } })).runs;
    expect(late).toMatchObject({ runId, status: 'running', approvals: { pending: 0, expired: 1 } });
    await setDeadline(sql`now() + interval '1 hour'`);

    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'reject' });
    await waitForRunEnd(runId);
    const [decided] = (await listRuns({ viewer: { userId, role: 'agent' } })).runs;
    expect(decided!.approvals).toEqual({ pending: 0, approved: 0, rejected: 1, expired: 0 });
  });

  it('reports a cancelled run, the attempt it cut off, and re-runs it linked to the old one', async () => {
    await freshUser();
    process.env.DEMO_MODEL_DELAY_MS = '40';
    const chatId = randomUUID();
    const { runId, stream } = await startChatTurn(userId, { id: chatId, message: userMessage('Show recent orders') });
    const reader = stream.getReader();
    for (let i = 0; i < 10; i++) await reader.read();
    await stopTurn(chatId, runId);
    const [row] = (await listRuns({ viewer: { userId, role: 'agent' } })).runs;
    expect(row).toMatchObject({ runId, status: 'cancelled', error: 'Stopped by the user.' });
    const detail = (await getRunDetail(runId, { userId, role: 'agent' }))!;
    expect(detail.worldStatus).toBe('cancelled');
    const cutOff = steps(detail.timeline.items).at(-1)!;
    expect(cutOff.label).toBe('Model call');
    expect(cutOff.attempts.at(-1)!.outcome).toBe('cancelled');

    process.env.DEMO_MODEL_DELAY_MS = '0';
    const again = await rerun({ userId, role: 'agent' }, runId);
    await waitForRunEnd(again.runId);
    expect((await getRunDetail(runId, { userId, role: 'agent' }))!.reruns).toEqual([again.runId]);
    expect((await getRunDetail(again.runId, { userId, role: 'agent' }))!.run).toMatchObject({ status: 'completed', rerunOf: runId });
    await expect(rerun({ userId, role: 'agent' }, again.runId)).rejects.toMatchObject({ status: 409 });
  });

  it('filters by chat and pages through the list, newest first', async () => {
    await freshUser();
    const first = await sendAndWait(userId, 'hello one');
    await sendAndWait(userId, 'hello two', { chatId: first.chatId });
    const other = await sendAndWait(userId, 'hello three');
    const pageOne = await listRuns({ viewer: { userId, role: 'agent' }, limit: 2 });
    expect(pageOne.runs.map((r) => r.userMessage)).toEqual(['hello three', 'hello two']);
    const pageTwo = await listRuns({ viewer: { userId, role: 'agent' }, limit: 2, cursor: pageOne.nextCursor! });
    expect(pageTwo.runs.map((r) => r.userMessage)).toEqual(['hello one']);
    expect(pageTwo.nextCursor).toBeNull();
    expect((await listRuns({ viewer: { userId, role: 'agent' }, chatId: other.chatId })).runs.map((r) => r.userMessage)).toEqual(['hello three']);
    expect(await getRunDetail(other.runId, { userId: randomUUID(), role: 'agent' })).toBeNull();
  });
});
