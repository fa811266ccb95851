import { FatalError, getStepMetadata, getWorkflowMetadata } from 'workflow';
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { applyEffectOnce } from '@/db/queries/effects';
import { refundableAmount } from '@/db/queries/refund-reservations';
import { changeOrderStatus, getOrder } from '@/db/queries/store';
import type { OrderStatus } from '@/db/constants';
import { lazySchema } from '@/lib/lazy-schema';
import type { RefundResult } from '@/lib/payments/refunds';
import { describeStepError } from '@/lib/step-errors';
import { gateDestructiveAction, type Plan, type ToolContext } from './approval';
import { askForApproval, confirmApproval, requesterOf } from './approval-requests';
import type { ToolCallOptions, ToolDefinition } from './define';
import { parseToolInput } from './parse-input';
import { refundThroughProvider } from './payments';
import { approvalPolicy, describeCancellation } from './policy';

export const cancelOrderInput = lazySchema(() =>
  z.object({
    orderNumber: z.number().int().positive().describe('The order to cancel'),
    reason: z.string().trim().max(300).optional().describe('Why, in a few words'),
  }),
);

interface CancelPlan {
  orderNumber: number;
  /** What was left to refund when the plan was made: what the approval promised, at most. */
  refundCents: number;
  reason?: string;
}

async function planCancel(rawInput: unknown, context: ToolContext & { runId: string; toolCallId: string }): Promise<Plan<CancelPlan>> {
  'use step';
  const input = parseToolInput('cancelOrder', cancelOrderInput, rawInput);
  const order = await getOrder(input.orderNumber);
  if (!order) throw new FatalError(`Order #${input.orderNumber} does not exist.`);
  if (order.status === 'cancelled') throw new FatalError(`Order #${order.number} is already cancelled.`);
  if (order.status === 'delivered') {
    throw new FatalError(`Order #${order.number} was delivered, so it can't be cancelled. A refund is still possible.`);
  }
  const policy = approvalPolicy.cancelOrder(order, {}, await requesterOf(context.userId), process.env);
  if (policy.verdict === 'refuse') return policy;
  const prepared: CancelPlan = { orderNumber: order.number, refundCents: order.totalCents - order.refundedCents, reason: input.reason };
  if (policy.verdict === 'allow') return { verdict: 'allow', prepared };
  const approval = await askForApproval(context, {
    toolName: 'cancelOrder',
    input,
    summary: describeCancellation(order),
    approversOnly: policy.approversOnly,
  });
  return { verdict: 'ask', prepared, approval };
}

/**
 * First effect: the order is marked cancelled (from paid). Returns the status it had and what
 * to refund: what is left on the order now (the plan may be hours old; other refunds may have
 * happened since), never more than was approved.
 */
async function markCancelled(
  orderNumber: number,
  /** Absent when the step was created by a run from before this parameter: its plan decides. */
  approvedRefundCents?: number,
  /** The approval it acts under (absent when the policy allowed it, or from older runs). */
  approvalId?: string | null,
): Promise<{ previousStatus: OrderStatus; refundCents?: number }> {
  'use step';
  const { stepId } = getStepMetadata();
  await confirmApproval(approvalId ?? null);
  return applyEffectOnce(
    { idempotencyKey: stepId, toolName: 'cancelOrder', input: { orderNumber, approvedRefundCents } },
    async (tx) => {
      if (!(await changeOrderStatus(tx, orderNumber, 'paid', 'cancelled'))) {
        throw new FatalError(`Order #${orderNumber} is no longer waiting to ship, so it can't be cancelled.`);
      }
      await recordAudit(tx, { action: 'order.cancelled', actorId: null, summary: `Cancelled order #${orderNumber}`, details: { orderNumber, idempotencyKey: stepId } });
      if (approvedRefundCents === undefined) return { previousStatus: 'paid' as const };
      const left = (await refundableAmount(tx, orderNumber))?.leftCents ?? 0;
      return { previousStatus: 'paid' as const, refundCents: Math.max(0, Math.min(approvedRefundCents, left)) };
    },
  );
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
  const cancelled = await markCancelled(plan.orderNumber, plan.refundCents, approvalId);
  const { previousStatus } = cancelled;
  // Runs that marked the order cancelled before markCancelled said how much to refund go by their plan.
  const refundCents = cancelled.refundCents ?? plan.refundCents;
  if (refundCents <= 0) return { orderNumber: plan.orderNumber, status: 'cancelled', refund: null };
  try {
    const refund = await refundThroughProvider(
      { orderNumber: plan.orderNumber, amountCents: refundCents, reason: plan.reason ?? 'Order cancelled' },
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
async function cancelOrder(input: unknown, { toolCallId, experimental_context }: ToolCallOptions) {
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
} satisfies ToolDefinition<typeof cancelOrderInput.schema>;
