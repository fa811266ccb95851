import { randomUUID } from 'node:crypto';
import type { UIMessageChunk } from 'ai';
import { expect } from 'vitest';
import { getRun } from 'workflow/api';
import { getWorld } from 'workflow/runtime';
import { listApprovalsForUser, type ApprovalView } from '@/db/queries/approvals';
import { getOrder, searchOrders } from '@/db/queries/store';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { readAll, textOf, userMessage } from './chat';

/** Waits until the run asks the user for approval, and returns the request. */
export async function waitForApproval(userId: string, runId: string, timeout = 20_000): Promise<ApprovalView> {
  let found: ApprovalView | undefined;
  await expect
    .poll(
      async () => {
        found = (await listApprovalsForUser(userId)).find((a) => a.runId === runId && a.status === 'pending');
        return found !== undefined;
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
  return found!;
}

/** Waits until a run has ended, whatever its status. */
export async function waitForRunEnd(runId: string, timeout = 30_000) {
  await expect
    .poll(async () => ['completed', 'failed', 'cancelled'].includes(await getRun(runId).status), { timeout, interval: 100 })
    .toBe(true);
  return getRun(runId).status;
}

/** An order of the demo store in this status (the seed is deterministic, but tests should not care which). */
export async function orderWithStatus(status: 'paid' | 'shipped' | 'delivered' | 'cancelled') {
  const [order] = await searchOrders({ status, limit: 1 });
  if (!order) throw new Error(`the demo store has no ${status} order`);
  return (await getOrder(order.number))!;
}

/** Starts a turn in a new chat and keeps reading its stream in the background. */
export async function startTurn(userId: string, text: string) {
  const { runId, stream } = await startChatTurn(userId, { id: randomUUID(), message: userMessage(text) });
  const chunks = readAll(stream);
  return {
    runId,
    /** Waits for the run to end and returns what it streamed and what its tool answered. */
    async finished() {
      expect(await waitForRunEnd(runId)).toBe('completed');
      const all: UIMessageChunk[] = await chunks;
      const tool = all.find((c) => c.type === 'tool-output-available') as { output: Record<string, unknown> } | undefined;
      return { chunks: all, text: textOf(all), output: tool?.output };
    },
  };
}

/** The attempt count of each of the run's steps of this name. */
export async function stepAttempts(runId: string, stepName: string): Promise<number[]> {
  const steps = await getWorld().steps.list({ runId, pagination: { limit: 100 }, resolveData: 'none' });
  return steps.data.filter((s) => s.stepName.endsWith(`//${stepName}`)).map((s) => s.attempt);
}
