import { FatalError, RetryableError } from 'workflow';
import { getApprovalView, type ApprovalView } from '@/db/queries/approvals';
import { markDeliveryDelivered, noteDeliveryFailure, startDeliveryAttempt } from '@/db/queries/notifications';
import { getOrder } from '@/db/queries/store';
import { crashPoint } from '@/lib/faults';
import { notificationConfig } from './config';
import { MAX_DELIVERY_ATTEMPTS } from './limits';
import { approvalEventBody, deliveryIdOf, renderBody, type Amount, type ApprovalEvent } from './payload';
import { backoffMs, sendWebhook } from './send';


/**
 * One webhook delivery, for a step: sends this event of this approval to this URL, signed,
 * under its stable delivery id. A delivery recorded as delivered is not sent again (a replay,
 * a retried step, a second notification run); a failed attempt is retried with backoff
 * (RetryableError) and given up for good after MAX_DELIVERY_ATTEMPTS or when the receiver
 * refuses it (FatalError), with the error recorded either way.
 */
export async function deliverApprovalEvent(notice: { approvalId: string; event: ApprovalEvent; url: string }): Promise<{ deliveryId: string }> {
  const config = notificationConfig();
  const deliveryId = deliveryIdOf(notice.approvalId, notice.event, notice.url);
  const record = await startDeliveryAttempt({ id: deliveryId, ...notice });
  if (record.status === 'delivered') return { deliveryId };
  if (record.status === 'failed') throw new FatalError(`Delivery ${deliveryId} was given up earlier: ${record.lastError}`);

  const approval = await getApprovalView(notice.approvalId);
  if (!approval) throw new FatalError(`Approval ${notice.approvalId} is gone`);
  const body = approvalEventBody({ deliveryId, event: notice.event, approval, amount: await amountOf(approval), ...config });
  const result = await sendWebhook({ url: notice.url, deliveryId, event: notice.event, body: renderBody(body, config.format), secret: config.secret });
  if (result.outcome === 'delivered') {
    crashPoint('afterNotificationSent'); // the window a receiver's deduplication covers
    await markDeliveryDelivered(deliveryId);
    return { deliveryId };
  }
  const giveUp = result.outcome === 'refused' || record.attempts >= MAX_DELIVERY_ATTEMPTS;
  await noteDeliveryFailure(deliveryId, result.error, giveUp);
  if (giveUp) throw new FatalError(`Gave up delivering ${notice.event} after ${record.attempts} attempt(s): ${result.error}`);
  throw new RetryableError(result.error, { retryAfter: backoffMs(record.attempts, result.retryAfterMs) });
}

/** The money at stake: a refund's amount, or what cancelling would refund now. */
async function amountOf(approval: ApprovalView): Promise<Amount | null> {
  const input = (approval.input ?? {}) as { orderNumber?: unknown; amountCents?: unknown };
  if (typeof input.orderNumber !== 'number') return null;
  const order = await getOrder(input.orderNumber);
  if (!order) return null;
  if (typeof input.amountCents === 'number') return { cents: input.amountCents, currency: order.currency };
  return approval.toolName === 'cancelOrder' ? { cents: order.totalCents - order.refundedCents, currency: order.currency } : null;
}
