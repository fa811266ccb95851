import { expect } from 'vitest';
import { getRun } from 'workflow/api';
import { listApprovalsForUser, type ApprovalView } from '@/db/queries/approvals';
import { getOrder, searchOrders } from '@/db/queries/store';

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
