import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { findEffect } from '@/db/queries/effects';
import { getRefundReservation, reserveRefund } from '@/db/queries/refund-reservations';
import { getOrder, listRefunds, searchOrders } from '@/db/queries/store';
import { ensureUser } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { startTurn, waitForApproval } from '@/testing/approvals';
import { sendAndWait } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { createRefund } from './provider';
import { settleRefundReservations } from './reconcile';
import type { RefundResult } from './refunds';

let database: DatabaseHandle;
const userId = randomUUID();
let endedRunId: string;
const goneRunId = 'wrun_01KZZZZZZZZZZZZZZZZZZZZZZZ';

beforeAll(async () => {
  database = await setUpTestDatabase();
  await ensureUser(userId);
  endedRunId = (await sendAndWait(userId, 'Where is order 1001?')).runId;
});
afterAll(() => database.close());

let nextOrder = 0;
/** A delivered order that no test of this file has refunded. */
async function untouchedOrder() {
  const delivered = await searchOrders({ status: 'delivered', limit: 20 });
  const order = (await getOrder(delivered[nextOrder++]!.number))!;
  expect(order.refundedCents).toBe(0);
  return order;
}

/** A reservation as a refund step leaves it when it dies: held, maybe paid at the provider. */
async function heldReservation(orderNumber: number, amountCents: number, runId: string, options: { paid: boolean }) {
  const idempotencyKey = `step_${randomUUID()}`;
  const reserved = await reserveRefund({ idempotencyKey, runId, orderNumber, amountCents, reason: 'Damaged in transit' });
  expect(reserved.ok).toBe(true);
  const paid = options.paid ? await createRefund({ orderNumber, amountCents, idempotencyKey }) : null;
  return { idempotencyKey, paid };
}

const graceOver = () => ({ now: new Date(Date.now() + 10 * 60_000) });

describe('settleRefundReservations', () => {
  it('records a refund the provider paid when its run has ended, exactly as the step would, once', async () => {
    const order = await untouchedOrder();
    const { idempotencyKey, paid } = await heldReservation(order.number, 700, endedRunId, { paid: true });

    const first = await settleRefundReservations(graceOver());
    expect(first.settled).toContain(idempotencyKey);
    const after = (await getOrder(order.number))!;
    expect(after.refundedCents).toBe(700);
    expect(await listRefunds(order.number)).toMatchObject([{ amountCents: 700, providerRefundId: paid!.id, reason: 'Damaged in transit' }]);
    expect(await getRefundReservation(idempotencyKey)).toMatchObject({ status: 'settled', providerRefundId: paid!.id });
    expect(await findEffect<RefundResult>(idempotencyKey)).toMatchObject({ refundId: paid!.id, amountCents: 700, refundedCents: 700 });

    const again = await settleRefundReservations(graceOver());
    expect([...again.settled, ...again.released, ...again.running]).not.toContain(idempotencyKey);
    expect((await getOrder(order.number))!.refundedCents).toBe(700);
  });

  it('frees the amount of a refund the provider never paid when its run is gone', async () => {
    const order = await untouchedOrder();
    const { idempotencyKey } = await heldReservation(order.number, order.totalCents, goneRunId, { paid: false });
    const other = { idempotencyKey: `step_${randomUUID()}`, runId: null, orderNumber: order.number, amountCents: order.totalCents };
    expect(await reserveRefund(other)).toMatchObject({ ok: false, reason: 'too_much' });

    expect((await settleRefundReservations(graceOver())).released).toContain(idempotencyKey);
    expect(await getRefundReservation(idempotencyKey)).toMatchObject({ status: 'released' });
    expect((await getOrder(order.number))!.refundedCents).toBe(0);
    expect(await reserveRefund(other)).toMatchObject({ ok: true });
  });

  it('leaves the reservation of a run that is still going to its step', async () => {
    const order = await untouchedOrder();
    const waiting = await startTurn(userId, `Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, waiting.runId);
    const { idempotencyKey } = await heldReservation(order.number, 900, waiting.runId, { paid: true });

    expect((await settleRefundReservations(graceOver())).running).toContain(idempotencyKey);
    expect(await getRefundReservation(idempotencyKey)).toMatchObject({ status: 'reserved' });
    expect((await getOrder(order.number))!.refundedCents).toBe(0);

    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'reject' });
    await waiting.finished();
  });

  it('leaves reservations younger than the grace period alone', async () => {
    const order = await untouchedOrder();
    const { idempotencyKey } = await heldReservation(order.number, 500, endedRunId, { paid: false });
    const now = await settleRefundReservations();
    expect([...now.settled, ...now.released, ...now.running]).not.toContain(idempotencyKey);
    expect(await getRefundReservation(idempotencyKey)).toMatchObject({ status: 'reserved' });
    expect((await settleRefundReservations(graceOver())).released).toContain(idempotencyKey);
  });
});
