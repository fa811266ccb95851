import { FatalError, getStepMetadata, getWorkflowMetadata } from 'workflow';
import { z } from 'zod';
import { applyEffectOnce } from '@/db/queries/effects';
import { changeOrderStatus, getOrder } from '@/db/queries/store';
import type { OrderStatus } from '@/db/constants';
import type { RefundResult } from '@/lib/payments/refunds';
import { describeStepError } from '@/lib/step-errors';
import { gateDestructiveAction, type Plan, type ToolContext } from './approval';
import { askForApproval } from './approval-requests';
import type { ToolCallOptions, ToolDefinition } from './define';
import { refundThroughProvider } from './payments';
import { approvalPolicy, describeCancellation } from './policy';

export const cancelOrderInput = z.object({
  orderNumber: z.number().int().positive().describe('The order to cancel'),
  reason: z.string().trim().max(300).optional().describe('Why, in a few words'),
});
type CancelInput = z.infer<typeof cancelOrderInput>;

interface CancelPlan {
  orderNumber: number;
  refundCents: number;
  reason?: string;
}

async function planCancel(input: CancelInput, context: ToolContext & { runId: string; toolCallId: string }): Promise<Plan<CancelPlan>> {
  'use step';
  const order = await getOrder(input.orderNumber);
  if (!order) throw new FatalError(`Order #${input.orderNumber} does not exist.`);
  if (order.status === 'cancelled') throw new FatalError(`Order #${order.number} is already cancelled.`);
  if (order.status === 'delivered') {
    throw new FatalError(`Order #${order.number} was delivered, so it can't be cancelled. A refund is still possible.`);
  }
  const policy = approvalPolicy.cancelOrder(order, {}, process.env);
  if (policy.verdict === 'refuse') return policy;
  const prepared: CancelPlan = { orderNumber: order.number, refundCents: order.totalCents - order.refundedCents, reason: input.reason };
  if (policy.verdict === 'allow') return { verdict: 'allow', prepared };
  const approval = await askForApproval(context, {
    toolName: 'cancelOrder',
    input,
    summary: describeCancellation(order),
  });
  return { verdict: 'ask', prepared, approval };
}

/** First effect: the order is marked cancelled (from paid). Returns the status it had. */
async function markCancelled(orderNumber: number): Promise<{ previousStatus: OrderStatus }> {
  'use step';
  const { stepId } = getStepMetadata();
  return applyEffectOnce({ idempotencyKey: stepId, toolName: 'cancelOrder', input: { orderNumber } }, async (tx) => {
    if (!(await changeOrderStatus(tx, orderNumber, 'paid', 'cancelled'))) {
      throw new FatalError(`Order #${orderNumber} is no longer waiting to ship, so it can't be cancelled.`);
    }
    return { previousStatus: 'paid' as const };
  });
}

/** Compensation: undoes `markCancelled` when the refund that should follow it failed for good. */
async function restoreStatus(orderNumber: number, previousStatus: OrderStatus): Promise<void> {
  'use step';
  const { stepId } = getStepMetadata();
  await applyEffectOnce(
    { idempotencyKey: stepId, toolName: 'cancelOrder:compensate', input: { orderNumber, previousStatus } },
    async (tx) => ({ restored: await changeOrderStatus(tx, orderNumber, 'cancelled', previousStatus) }),
  );
}

export interface CancelResult {
  orderNumber: number;
  status: 'cancelled';
  refund: RefundResult | null;
}

/** Cancel = two effects (status, then refund); if the refund fails for good, the status goes back. */
async function cancelAndRefund(plan: CancelPlan, approvalId: string | null): Promise<CancelResult> {
  const { previousStatus } = await markCancelled(plan.orderNumber);
  if (plan.refundCents <= 0) return { orderNumber: plan.orderNumber, status: 'cancelled', refund: null };
  try {
    const refund = await refundThroughProvider(
      { orderNumber: plan.orderNumber, amountCents: plan.refundCents, reason: plan.reason ?? 'Order cancelled' },
      approvalId,
    );
    return { orderNumber: plan.orderNumber, status: 'cancelled', refund };
  } catch (error) {
    await restoreStatus(plan.orderNumber, previousStatus);
    throw new Error(
      `The refund failed (${describeStepError(error)}), so the cancellation was undone: order #${plan.orderNumber} is ${previousStatus} again.`,
    );
  }
}

/** Runs in workflow context (no "use step"): it waits for a person, which only a workflow can. */
async function cancelOrder(input: CancelInput, { toolCallId, experimental_context }: ToolCallOptions) {
  const context = experimental_context as ToolContext;
  const { workflowRunId: runId } = getWorkflowMetadata();
  return gateDestructiveAction({
    toolCallId,
    plan: () => planCancel(input, { ...context, runId, toolCallId }),
    act: cancelAndRefund,
  });
}

export const cancelOrderTool = {
  name: 'cancelOrder',
  risk: 'destructive',
  description:
    'Cancel an order that has not shipped and refund what was paid. Needs the chat owner’s approval; ' +
    'shipped orders are refused, delivered ones cannot be cancelled.',
  inputSchema: cancelOrderInput,
  execute: cancelOrder,
} satisfies ToolDefinition<typeof cancelOrderInput>;
