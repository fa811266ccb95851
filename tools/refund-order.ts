import { FatalError, getWorkflowMetadata } from 'workflow';
import { z } from 'zod';
import { getOrder } from '@/db/queries/store';
import { formatMoney } from '@/lib/format';
import { lazySchema } from '@/lib/lazy-schema';
import { gateDestructiveAction, type Plan, type ToolContext } from './approval';
import { askForApproval, requesterOf } from './approval-requests';
import type { ToolCallOptions, ToolDefinition } from './define';
import { parseToolInput } from './parse-input';
import type { RefundPlan } from '@/lib/payments/refunds';
import { refundThroughProvider } from './payments';
import { approvalPolicy, describeRefund } from './policy';

export const refundOrderInput = lazySchema(() =>
  z.object({
    orderNumber: z.number().int().positive().describe('The order to refund'),
    amountCents: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('How much to refund, in cents; leave out to refund everything not yet refunded'),
    reason: z.string().trim().max(300).optional().describe('Why, in a few words'),
  }),
);

/** Checks the refund against the order and the policy; asks for approval when the policy says so. */
async function planRefund(rawInput: unknown, context: ToolContext & { runId: string; toolCallId: string }): Promise<Plan<RefundPlan>> {
  'use step';
  const input = parseToolInput('refundOrder', refundOrderInput, rawInput);
  const order = await getOrder(input.orderNumber);
  if (!order) throw new FatalError(`Order #${input.orderNumber} does not exist.`);
  const remaining = order.totalCents - order.refundedCents;
  if (remaining <= 0) throw new FatalError(`Order #${order.number} has already been refunded in full.`);
  const amountCents = input.amountCents ?? remaining;
  if (amountCents > remaining) {
    throw new FatalError(
      `A refund of ${formatMoney(amountCents, order.currency)} is more than the ${formatMoney(remaining, order.currency)} left to refund on order #${order.number}.`,
    );
  }
  const prepared: RefundPlan = { orderNumber: order.number, amountCents, reason: input.reason };
  const policy = approvalPolicy.refundOrder(order, { amountCents }, await requesterOf(context.userId), process.env);
  if (policy.verdict !== 'ask') return policy.verdict === 'refuse' ? policy : { verdict: 'allow', prepared };
  const approval = await askForApproval(context, {
    toolName: 'refundOrder',
    input: { ...input, amountCents },
    summary: describeRefund(order, amountCents),
    approversOnly: policy.approversOnly,
  });
  return { verdict: 'ask', prepared, approval };
}

/** Runs in workflow context (no "use step"): it waits for a person, which only a workflow can. */
async function refundOrder(input: unknown, { toolCallId, experimental_context }: ToolCallOptions) {
  const context = experimental_context as ToolContext;
  const { workflowRunId: runId } = getWorkflowMetadata();
  return gateDestructiveAction({
    toolCallId,
    plan: () => planRefund(input, { ...context, runId, toolCallId }),
    act: (prepared, approvalId) => refundThroughProvider(prepared, approvalId),
  });
}

export const refundOrderTool = {
  name: 'refundOrder',
  risk: 'destructive',
  description:
    'Refund an order, in full or in part, through the payment provider. Needs the chat owner’s approval; ' +
    'the result says whether it was done, rejected (with the reason), expired or refused.',
  inputSchema: refundOrderInput,
  execute: refundOrder,
} satisfies ToolDefinition<typeof refundOrderInput.schema>;
