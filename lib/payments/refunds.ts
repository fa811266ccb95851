import { recordAudit } from '@/db/queries/audit';
import { applyEffectOnce } from '@/db/queries/effects';
import { settleRefundReservation, type RefundableAmount } from '@/db/queries/refund-reservations';
import { insertRefund } from '@/db/queries/store';
import { formatMoney } from '@/lib/format';

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

/** Why the order has too little left for a refund of this amount, in words the agent can pass on. */
export function describeRefundRefusal(amountCents: number, refundable: RefundableAmount): string {
  const money = (cents: number) => formatMoney(cents, refundable.currency);
  const order = `order #${refundable.orderNumber}`;
  if (refundable.inProgressCount === 0) {
    return refundable.leftCents > 0
      ? `Refunding ${money(amountCents)} is more than the ${money(refundable.leftCents)} left on ${order}.`
      : `Order #${refundable.orderNumber} has already been refunded in full.`;
  }
  const left =
    refundable.leftCents > 0 ? `Only ${money(refundable.leftCents)} is left to refund on ${order}` : `Nothing is left to refund on ${order}`;
  const others =
    refundable.inProgressCount === 1
      ? `another refund of ${money(refundable.inProgressCents)} is in progress`
      : `${refundable.inProgressCount} other refunds of ${money(refundable.inProgressCents)} in total are in progress`;
  return `${left}: ${others}.`;
}

/**
 * Records a refund the payment provider made, once per idempotency key: the refund row, the
 * order's refunded total, the reservation settled and the effect, in one transaction. The
 * refund step calls it after the provider answered; reconciliation calls it for a step that
 * never got that far.
 */
export async function recordProviderRefund(refund: {
  idempotencyKey: string;
  plan: RefundPlan;
  approvalId: string | null;
  providerRefundId: string;
}): Promise<RefundResult> {
  const { idempotencyKey, plan, approvalId, providerRefundId } = refund;
  return applyEffectOnce({ idempotencyKey, toolName: 'refund', input: { ...plan, approvalId } }, async (tx): Promise<RefundResult> => {
    // The order's row first, as reserving does: refunds of one order take their locks in one order.
    const totals = await insertRefund(tx, {
      orderNumber: plan.orderNumber,
      amountCents: plan.amountCents,
      providerRefundId,
      reason: plan.reason,
      approvalId: approvalId ?? undefined,
    });
    await settleRefundReservation(tx, idempotencyKey, providerRefundId);
    await recordAudit(tx, {
      action: 'refund.issued',
      actorId: null,
      approvalId,
      summary: `Refunded ${formatMoney(plan.amountCents, totals.currency)} for order #${plan.orderNumber}`,
      reason: plan.reason ?? null,
      details: { refundId: providerRefundId, orderNumber: plan.orderNumber, amountCents: plan.amountCents, idempotencyKey },
    });
    return { refundId: providerRefundId, orderNumber: plan.orderNumber, amountCents: plan.amountCents, ...totals };
  });
}
