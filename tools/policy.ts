import type { OrderDetail } from '@/db/queries/store';
import type { Role } from '@/db/schema';
import type { Env } from '@/lib/config';
import { formatMoney } from '@/lib/format';

/**
 * When a destructive tool may act, and who may let it: one table, one entry per tool. Each
 * rule looks at the order, the tool's input and who asks, and says `refuse` (with the reason
 * given to the model), `allow` (act now) or `ask`: a person must approve, either the
 * requester or an approver (`approversOnly: false`, within the requester's self-approval
 * limit) or only an approver who is not the requester (`approversOnly: true`).
 */
export type PolicyVerdict = { verdict: 'allow' } | { verdict: 'ask'; approversOnly: boolean } | { verdict: 'refuse'; reason: string };

export interface RefundRequest {
  amountCents: number;
}

/** Who asks: guests are agents with tighter limits. */
export interface Requester {
  role: Role;
  isGuest: boolean;
}

interface PolicyRules {
  refundOrder: (order: OrderDetail, request: RefundRequest, requester: Requester, env: Env) => PolicyVerdict;
  cancelOrder: (order: OrderDetail, request: Record<string, never>, requester: Requester, env: Env) => PolicyVerdict;
}

function cents(value: string | undefined, fallback: number): number {
  const parsed = Number(value ?? fallback);
  return Number.isFinite(parsed) && parsed >= 0 ? Math.floor(parsed) : fallback;
}

/**
 * Refunds up to this many cents the requester may approve themself (SELF_APPROVAL_LIMIT_CENTS,
 * default $25; GUEST_SELF_APPROVAL_LIMIT_CENTS for guests, default $10); above it, an approver.
 */
export function selfApprovalLimitCents(requester: Requester, env: Env = process.env): number {
  return requester.isGuest ? cents(env.GUEST_SELF_APPROVAL_LIMIT_CENTS, 1000) : cents(env.SELF_APPROVAL_LIMIT_CENTS, 2500);
}

/** Refunds up to this many cents go through without asking. Default 0: every refund asks. */
export function refundAutoApproveLimitCents(env: Env = process.env): number {
  const value = Number(env.REFUND_AUTO_APPROVE_LIMIT_CENTS ?? 0);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export const approvalPolicy: PolicyRules = {
  refundOrder: (_order, request, requester, env) =>
    request.amountCents <= refundAutoApproveLimitCents(env)
      ? { verdict: 'allow' }
      : { verdict: 'ask', approversOnly: request.amountCents > selfApprovalLimitCents(requester, env) },
  cancelOrder: (order) => {
    if (order.status === 'shipped') {
      return {
        verdict: 'refuse',
        reason: `Order #${order.number} has already shipped, so it can't be cancelled. Offer a return and refund instead.`,
      };
    }
    // Cancelling stops a shipment and refunds everything: always a second person.
    return { verdict: 'ask', approversOnly: true };
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
