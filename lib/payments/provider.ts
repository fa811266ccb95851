import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { paymentProviderRefunds } from '@/db/schema';
import { plannedPaymentLatencyMs, takeFault } from '@/lib/faults';

/**
 * A stand-in for the payment provider, called the way a real one is: over its own API
 * with an idempotency key, so repeating a request never refunds twice. It keeps its
 * ledger in its own table. It can be made to fail: PAYMENTS_FAULT_RATE (0–1) makes a
 * share of calls unavailable at random; tests plan exact faults (lib/faults.ts).
 */
export type PaymentErrorKind = 'unavailable' | 'rate_limited' | 'declined';

export class PaymentProviderError extends Error {
  constructor(
    readonly kind: PaymentErrorKind,
    message: string,
    /** For `rate_limited`: when the provider accepts calls again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

export interface ProviderRefund {
  id: string;
  orderNumber: number;
  amountCents: number;
  createdAt: string;
  /** False when the idempotency key had already been used: this is the earlier refund. */
  created: boolean;
}

function injectFaults() {
  if (takeFault('paymentRateLimited')) {
    throw new PaymentProviderError('rate_limited', 'The payment provider is rate limiting requests.', 1000);
  }
  if (takeFault('paymentUnavailable')) {
    throw new PaymentProviderError('unavailable', 'The payment provider is temporarily unavailable (503).');
  }
  if (takeFault('paymentDeclined')) {
    throw new PaymentProviderError('declined', 'The payment provider declined the refund.');
  }
  const rate = Number(process.env.PAYMENTS_FAULT_RATE ?? 0);
  if (rate > 0 && Math.random() < rate) {
    throw new PaymentProviderError('unavailable', 'The payment provider is temporarily unavailable (503).');
  }
}

export async function createRefund(request: {
  orderNumber: number;
  amountCents: number;
  idempotencyKey: string;
}): Promise<ProviderRefund> {
  injectFaults();
  const latency = plannedPaymentLatencyMs();
  if (latency > 0) await sleep(latency);
  const database = await db();
  const [created] = await database
    .insert(paymentProviderRefunds)
    .values({
      id: `re_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      idempotencyKey: request.idempotencyKey,
      orderNumber: request.orderNumber,
      amountCents: request.amountCents,
    })
    .onConflictDoNothing()
    .returning();
  const refund =
    created ??
    (await database
      .select()
      .from(paymentProviderRefunds)
      .where(eq(paymentProviderRefunds.idempotencyKey, request.idempotencyKey))
      .then((rows) => rows[0]));
  if (!refund) throw new PaymentProviderError('unavailable', 'The payment provider lost the refund; try again.');
  if (refund.orderNumber !== request.orderNumber || refund.amountCents !== request.amountCents) {
    // What real providers do when a key is reused for a different request.
    throw new PaymentProviderError('declined', 'This idempotency key was already used for a different refund.');
  }
  return asProviderRefund(refund, Boolean(created));
}

/**
 * The refund made under this idempotency key, or null when there is none: a real provider's
 * "retrieve" call, which reconciliation uses to learn whether a request that got no answer paid.
 */
export async function findRefundByIdempotencyKey(idempotencyKey: string): Promise<ProviderRefund | null> {
  const [refund] = await (await db())
    .select()
    .from(paymentProviderRefunds)
    .where(eq(paymentProviderRefunds.idempotencyKey, idempotencyKey));
  return refund ? asProviderRefund(refund, false) : null;
}

function asProviderRefund(refund: typeof paymentProviderRefunds.$inferSelect, created: boolean): ProviderRefund {
  return {
    id: refund.id,
    orderNumber: refund.orderNumber,
    amountCents: refund.amountCents,
    createdAt: refund.createdAt.toISOString(),
    created,
  };
}

/** Everything the provider refunded for an order (what a reconciliation report would read). */
export async function listProviderRefunds(orderNumber: number) {
  return (await db())
    .select()
    .from(paymentProviderRefunds)
    .where(eq(paymentProviderRefunds.orderNumber, orderNumber));
}
