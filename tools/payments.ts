import { FatalError, getStepMetadata, RetryableError } from 'workflow';
import { applyEffectOnce, findEffect } from '@/db/queries/effects';
import { getOrder, insertRefund } from '@/db/queries/store';
import { takeCrashAfterCommit } from '@/lib/faults';
import { formatMoney } from '@/lib/format';
import { createRefund, PaymentProviderError } from '@/lib/payments/provider';

export interface RefundPlan {
  orderNumber: number;
  amountCents: number;
  reason?: string;
}

export interface RefundResult {
  refundId: string;
  orderNumber: number;
  amountCents: number;
  currency: string;
  refundedCents: number;
  remainingCents: number;
}

/** The payment provider's failures, in the terms the step runtime retries by. */
function asStepError(error: unknown, attempt: number): Error {
  if (!(error instanceof PaymentProviderError)) return error instanceof Error ? error : new Error(String(error));
  if (error.kind === 'declined') return new FatalError(error.message);
  if (error.kind === 'rate_limited') return new RetryableError(error.message, { retryAfter: error.retryAfterMs ?? 1000 });
  // Unavailable: back off 0.5 s, 1 s, 2 s, 4 s… between attempts.
  return new RetryableError(error.message, { retryAfter: 500 * 2 ** (attempt - 1) });
}

/**
 * Refunds money through the payment provider, once. The step's id is the idempotency key
 * for the provider and for our own record, so a retry after any failure (even after the
 * refund committed) returns the first refund instead of making a second one.
 */
export async function refundThroughProvider(plan: RefundPlan, approvalId: string | null): Promise<RefundResult> {
  'use step';
  const { stepId, attempt } = getStepMetadata();
  // An earlier attempt of this step already refunded and recorded it: that is the answer.
  const earlier = await findEffect<RefundResult>(stepId);
  if (earlier) return earlier;

  const order = await getOrder(plan.orderNumber);
  if (!order) throw new FatalError(`Order #${plan.orderNumber} does not exist.`);
  const remaining = order.totalCents - order.refundedCents;
  if (plan.amountCents > remaining) {
    throw new FatalError(
      `Refunding ${formatMoney(plan.amountCents, order.currency)} is more than the ${formatMoney(remaining, order.currency)} left on order #${order.number}.`,
    );
  }

  let providerRefund;
  try {
    providerRefund = await createRefund({ orderNumber: plan.orderNumber, amountCents: plan.amountCents, idempotencyKey: stepId });
  } catch (error) {
    throw asStepError(error, attempt);
  }
  const result = await applyEffectOnce(
    { idempotencyKey: stepId, toolName: 'refund', input: { ...plan, approvalId } },
    async (tx): Promise<RefundResult> => {
      const totals = await insertRefund(tx, {
        orderNumber: plan.orderNumber,
        amountCents: plan.amountCents,
        providerRefundId: providerRefund.id,
        reason: plan.reason,
        approvalId: approvalId ?? undefined,
      });
      return { refundId: providerRefund.id, orderNumber: plan.orderNumber, amountCents: plan.amountCents, currency: order.currency, ...totals };
    },
  );
  // Tests make a step die here: after its effect committed, before it returned.
  if (takeCrashAfterCommit('refund')) throw new Error('Injected crash after the refund committed');
  return result;
}
refundThroughProvider.maxRetries = 5;
