import type { OrderDetail } from '@/db/queries/store';
import type { Env } from '@/lib/config';
import { formatMoney } from '@/lib/format';

/**
 * When a destructive tool may act: one table, one entry per tool. Each rule looks at the
 * order and the tool's input and says `refuse` (with the reason given to the model),
 * `ask` (a person must approve) or `allow` (act now).
 */
export type PolicyVerdict = { verdict: 'allow' } | { verdict: 'ask' } | { verdict: 'refuse'; reason: string };

export interface RefundRequest {
  amountCents: number;
}

interface PolicyRules {
  refundOrder: (order: OrderDetail, request: RefundRequest, env: Env) => PolicyVerdict;
  cancelOrder: (order: OrderDetail, request: Record<string, never>, env: Env) => PolicyVerdict;
}

/** Refunds up to this many cents go through without asking. Default 0: every refund asks. */
export function refundAutoApproveLimitCents(env: Env = process.env): number {
  const value = Number(env.REFUND_AUTO_APPROVE_LIMIT_CENTS ?? 0);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export const approvalPolicy: PolicyRules = {
  refundOrder: (_order, request, env) =>
    request.amountCents <= refundAutoApproveLimitCents(env) ? { verdict: 'allow' } : { verdict: 'ask' },
  cancelOrder: (order) => {
    if (order.status === 'shipped') {
      return {
        verdict: 'refuse',
        reason: `Order #${order.number} has already shipped, so it can't be cancelled. Offer a return and refund instead.`,
      };
    }
    return { verdict: 'ask' };
  },
};

/** Words for an approval card: what exactly will happen if the person says yes. */
export function describeRefund(order: OrderDetail, amountCents: number): string {
  return `Refund ${formatMoney(amountCents, order.currency)} to ${order.customer.name} for order #${order.number}`;
}

export function describeCancellation(order: OrderDetail): string {
  const refund = order.totalCents - order.refundedCents;
  return refund > 0
    ? `Cancel order #${order.number} for ${order.customer.name} and refund ${formatMoney(refund, order.currency)}`
    : `Cancel order #${order.number} for ${order.customer.name}`;
}
