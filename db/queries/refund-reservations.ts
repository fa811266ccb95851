import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import { db, type Tx } from '../client';
import { orders, refundReservations } from '../schema';

export type RefundReservation = typeof refundReservations.$inferSelect;

export interface RefundRequest {
  /** The refund step's id: also the payment provider's idempotency key. */
  idempotencyKey: string;
  runId: string | null;
  orderNumber: number;
  amountCents: number;
  reason?: string;
  approvalId?: string | null;
}

/** What an order has left to refund, and how much of that other refunds hold right now. */
export interface RefundableAmount {
  orderNumber: number;
  currency: string;
  totalCents: number;
  refundedCents: number;
  /** Held by refunds that are paying at the provider now (reserved, not yet recorded). */
  inProgressCents: number;
  inProgressCount: number;
  /** total − refunded − in progress: what one more refund may take. */
  leftCents: number;
}

export type ReserveOutcome =
  | { ok: true; reservation: RefundReservation }
  | { ok: false; reason: 'no_order' }
  | { ok: false; reason: 'too_much'; refundable: RefundableAmount };

/**
 * Locks the order's row (refunds of one order queue here until the transaction ends) and reads
 * what is left to refund on it now, net of refunds in progress other than `exceptKey`'s.
 */
export async function refundableAmount(tx: Tx, orderNumber: number, exceptKey?: string): Promise<RefundableAmount | null> {
  const [order] = await tx
    .select({ currency: orders.currency, totalCents: orders.totalCents, refundedCents: orders.refundedCents })
    .from(orders)
    .where(eq(orders.number, orderNumber))
    .for('update');
  if (!order) return null;
  const [held] = await tx
    .select({
      cents: sql<number>`coalesce(sum(${refundReservations.amountCents}), 0)::int`,
      count: sql<number>`count(*)::int`,
    })
    .from(refundReservations)
    .where(
      and(
        eq(refundReservations.orderNumber, orderNumber),
        eq(refundReservations.status, 'reserved'),
        exceptKey ? ne(refundReservations.idempotencyKey, exceptKey) : undefined,
      ),
    );
  const inProgressCents = held?.cents ?? 0;
  return {
    orderNumber,
    ...order,
    inProgressCents,
    inProgressCount: held?.count ?? 0,
    leftCents: order.totalCents - order.refundedCents - inProgressCents,
  };
}

/**
 * Holds the amount against the order before anything is paid, in one short transaction
 * (nothing else may run inside it: PGlite has one connection). A retry of the same step gets
 * its own reservation back; a new one is refused when the order has less left than it asks,
 * counting what other refunds hold.
 */
export async function reserveRefund(request: RefundRequest): Promise<ReserveOutcome> {
  return (await db()).transaction(async (tx): Promise<ReserveOutcome> => {
    const refundable = await refundableAmount(tx, request.orderNumber, request.idempotencyKey);
    if (!refundable) return { ok: false, reason: 'no_order' };
    const [own] = await tx
      .select()
      .from(refundReservations)
      .where(eq(refundReservations.idempotencyKey, request.idempotencyKey));
    if (own && own.status !== 'released') return { ok: true, reservation: own };
    if (request.amountCents > refundable.leftCents) return { ok: false, reason: 'too_much', refundable };
    const values = {
      orderNumber: request.orderNumber,
      amountCents: request.amountCents,
      runId: request.runId,
      status: 'reserved' as const,
      reason: request.reason ?? null,
      approvalId: request.approvalId ?? null,
      providerRefundId: null,
      createdAt: new Date(),
      settledAt: null,
    };
    // A released reservation of this key (nothing was paid) is taken again.
    const [reservation] = await tx
      .insert(refundReservations)
      .values({ idempotencyKey: request.idempotencyKey, ...values })
      .onConflictDoUpdate({ target: refundReservations.idempotencyKey, set: values })
      .returning();
    return { ok: true, reservation: reservation! };
  });
}

/** The refund was recorded: the amount is in `orders.refunded_cents` now, no longer held. */
export async function settleRefundReservation(tx: Tx, idempotencyKey: string, providerRefundId: string): Promise<void> {
  await tx
    .update(refundReservations)
    .set({ status: 'settled', providerRefundId, settledAt: new Date() })
    .where(eq(refundReservations.idempotencyKey, idempotencyKey));
}

/** Nothing was paid: the amount is free again. False when the reservation was no longer held. */
export async function releaseRefundReservation(idempotencyKey: string): Promise<boolean> {
  const released = await (await db())
    .update(refundReservations)
    .set({ status: 'released', settledAt: new Date() })
    .where(and(eq(refundReservations.idempotencyKey, idempotencyKey), eq(refundReservations.status, 'reserved')))
    .returning({ idempotencyKey: refundReservations.idempotencyKey });
  return released.length > 0;
}

export async function getRefundReservation(idempotencyKey: string): Promise<RefundReservation | null> {
  const [row] = await (await db())
    .select()
    .from(refundReservations)
    .where(eq(refundReservations.idempotencyKey, idempotencyKey));
  return row ?? null;
}

/** Reservations still held that were made before `createdBefore`, oldest first. */
export async function listHeldRefundReservations(createdBefore: Date, limit: number): Promise<RefundReservation[]> {
  return (await db())
    .select()
    .from(refundReservations)
    .where(and(eq(refundReservations.status, 'reserved'), lt(refundReservations.createdAt, createdBefore)))
    .orderBy(asc(refundReservations.createdAt))
    .limit(limit);
}
