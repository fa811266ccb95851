import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDriver, DatabaseHandle } from '@/db/client';
import { recordProviderRefund } from '@/lib/payments/refunds';
import { setUpTestDatabase } from '@/testing/db';
import { getRefundReservation, releaseRefundReservation, reserveRefund, type RefundRequest } from './refund-reservations';
import { getOrder, searchOrders } from './store';

// Reserving is what serialises refunds of one order; on a real server the requests below
// really run at once, each on its own connection of the pool.
const drivers: DatabaseDriver[] = ['pglite', 'postgres'];

describe.each(drivers)('refund reservations on %s', (driver) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await setUpTestDatabase(driver);
  });
  afterAll(() => database.close());

  let nextOrder = 0;
  /** A delivered order of the demo store that no test of this file has touched. */
  async function untouchedOrder() {
    const delivered = await searchOrders({ status: 'delivered', limit: 20 });
    const order = await getOrder(delivered[nextOrder++]!.number);
    expect(order!.refundedCents).toBe(0);
    return order!;
  }

  const request = (orderNumber: number, amountCents: number): RefundRequest => ({
    idempotencyKey: `step_${randomUUID()}`,
    runId: null,
    orderNumber,
    amountCents,
  });

  it('let refunds asked for at once hold no more than the order has left', async () => {
    const order = await untouchedOrder();
    const each = Math.floor(order.totalCents * 0.3);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => reserveRefund(request(order.number, each))));
    const held = outcomes.filter((o) => o.ok);
    expect(held).toHaveLength(3);
    for (const refused of outcomes.filter((o) => !o.ok)) {
      expect(refused).toMatchObject({
        reason: 'too_much',
        refundable: { inProgressCents: 3 * each, inProgressCount: 3, leftCents: order.totalCents - 3 * each },
      });
    }
  });

  it('give a retry of the same step its own reservation back, even when nothing is left for others', async () => {
    const order = await untouchedOrder();
    const first = request(order.number, order.totalCents);
    expect(await reserveRefund(first)).toMatchObject({ ok: true, reservation: { status: 'reserved' } });
    expect(await reserveRefund(first)).toMatchObject({ ok: true, reservation: { amountCents: order.totalCents } });
    expect(await reserveRefund(request(order.number, 1))).toMatchObject({ ok: false, reason: 'too_much' });
  });

  it('free a released amount, and move a recorded one into the order’s refunded total', async () => {
    const order = await untouchedOrder();
    const declined = request(order.number, order.totalCents);
    await reserveRefund(declined);
    expect(await releaseRefundReservation(declined.idempotencyKey)).toBe(true);
    expect(await releaseRefundReservation(declined.idempotencyKey)).toBe(false);

    const paid = request(order.number, 500);
    expect(await reserveRefund(paid)).toMatchObject({ ok: true });
    const result = await recordProviderRefund({
      idempotencyKey: paid.idempotencyKey,
      plan: { orderNumber: order.number, amountCents: 500 },
      approvalId: null,
      providerRefundId: `re_${randomUUID()}`,
    });
    expect(result).toMatchObject({ amountCents: 500, refundedCents: 500, remainingCents: order.totalCents - 500 });
    expect(await getRefundReservation(paid.idempotencyKey)).toMatchObject({ status: 'settled' });
    // Nothing is held any more: the rest of the order is free.
    expect(await reserveRefund(request(order.number, order.totalCents - 500))).toMatchObject({ ok: true });
  });

  it('refuse an order that does not exist', async () => {
    expect(await reserveRefund(request(999_999, 100))).toEqual({ ok: false, reason: 'no_order' });
  });
});
