import { FatalError, getStepMetadata, getWorkflowMetadata, RetryableError } from 'workflow';
import { findEffect } from '@/db/queries/effects';
import { releaseRefundReservation, reserveRefund } from '@/db/queries/refund-reservations';
import { takeCrashAfterCommit, takeFault } from '@/lib/faults';
import { createRefund, PaymentProviderError, type ProviderRefund } from '@/lib/payments/provider';
import { describeRefundRefusal, recordProviderRefund, type RefundPlan, type RefundResult } from '@/lib/payments/refunds';
import { confirmApproval } from './approval-requests';

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
 *
 * Refunds of one order are serialised by a reservation: the amount is held against the order
 * (under its row lock) before the provider is called, so refunds running at the same time
 * never pay out more than is left. The hold ends when the refund is recorded, or when the
 * provider declined; after any other failure the provider may have paid, so it stays held
 * for the retry (or, if none comes, for `settleRefundReservations`).
 */
export async function refundThroughProvider(plan: RefundPlan, approvalId: string | null): Promise<RefundResult> {
  'use step';
  const { stepId, attempt } = getStepMetadata();
  // An earlier attempt of this step already refunded and recorded it: that is the answer.
  const earlier = await findEffect<RefundResult>(stepId);
  if (earlier) return earlier;
  await confirmApproval(approvalId);

  const reserved = await reserveRefund({
    idempotencyKey: stepId,
    runId: getWorkflowMetadata().workflowRunId,
    orderNumber: plan.orderNumber,
    amountCents: plan.amountCents,
    reason: plan.reason,
    approvalId,
  });
  if (!reserved.ok) {
    throw new FatalError(
      reserved.reason === 'no_order'
        ? `Order #${plan.orderNumber} does not exist.`
        : describeRefundRefusal(plan.amountCents, reserved.refundable),
    );
  }

  let providerRefund: ProviderRefund;
  try {
    providerRefund = await createRefund({ orderNumber: plan.orderNumber, amountCents: plan.amountCents, idempotencyKey: stepId });
  } catch (error) {
    // A decline paid nothing: the amount is free for other refunds again.
    if (error instanceof PaymentProviderError && error.kind === 'declined') await releaseRefundReservation(stepId);
    throw asStepError(error, attempt);
  }
  // Tests make a step die here: the provider paid, nothing is recorded yet.
  if (takeFault('crashAfterProviderRefund')) throw new Error('Injected crash after the provider refunded, before it was recorded');

  const result = await recordProviderRefund({ idempotencyKey: stepId, plan, approvalId, providerRefundId: providerRefund.id });
  // Tests make a step die here: after its effect committed, before it returned.
  if (takeCrashAfterCommit('refund')) throw new Error('Injected crash after the refund committed');
  return result;
}
refundThroughProvider.maxRetries = 5;
