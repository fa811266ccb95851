import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDriver, DatabaseHandle } from '@/db/client';
import { getRefundReservation } from '@/db/queries/refund-reservations';
import { getOrder, listRefunds, searchOrders } from '@/db/queries/store';
import { ensureUser } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { clearFaults, planFaults } from '@/lib/faults';
import { formatMoney } from '@/lib/format';
import { listProviderRefunds } from '@/lib/payments/provider';
import { settleRefundReservations } from '@/lib/payments/reconcile';
import { startTurn, stepAttempts, waitForApproval } from '@/testing/approvals';
import { setUpTestDatabase } from '@/testing/db';

// Refunds of one order that run at the same time, through the chat, the approval and the
// refund step, on the embedded database (one connection) and on a real server (a pool).
const drivers: DatabaseDriver[] = ['pglite', 'postgres'];

const dollars = (cents: number) => (cents / 100).toFixed(2);
const sum = (rows: { amountCents: number }[]) => rows.reduce((total, row) => total + row.amountCents, 0);

describe.each(drivers)('refunds of one order at once, on %s', (driver) => {
  let database: DatabaseHandle;
  const userId = randomUUID();
  // Refunds above the requester's own limit are decided by someone else.
  const approver = { userId: randomUUID(), role: 'approver' as const };
  beforeAll(async () => {
    database = await setUpTestDatabase(driver);
    await ensureUser(userId);
    await ensureUser(approver.userId, { role: 'approver', name: 'Sam Supervisor' });
  });
  afterAll(() => database.close());
  afterEach(() => clearFaults());

  let nextOrder = 0;
  /** A delivered order that no test of this file has refunded. */
  async function untouchedOrder() {
    const delivered = await searchOrders({ status: 'delivered', limit: 20 });
    const order = (await getOrder(delivered[nextOrder++]!.number))!;
    expect(order.refundedCents).toBe(0);
    return order;
  }

  /** Starts one refund turn per amount and waits until each asks for approval. */
  async function refundsAwaitingApproval(orderNumber: number, amounts: number[]) {
    const turns = await Promise.all(amounts.map((cents) => startTurn(userId, `Refund $${dollars(cents)} of order ${orderNumber}`)));
    const approvals = await Promise.all(turns.map((turn) => waitForApproval(userId, turn.runId)));
    return turns.map((turn, i) => ({ ...turn, approve: () => decide(approver, approvals[i]!.approvalId, { decision: 'approve' }) }));
  }

  it('never pay out more than the order has left when approved together', async () => {
    const order = await untouchedOrder();
    const each = Math.floor(order.totalCents * 0.3); // three fit, six are asked for
    const turns = await refundsAwaitingApproval(order.number, Array(6).fill(each));
    // A slow provider: every refund is still paying while the others check what is left.
    planFaults({ paymentLatencyMs: 300 });
    await Promise.all(turns.map((turn) => turn.approve()));
    const outputs = await Promise.all(turns.map(async (turn) => ({ runId: turn.runId, output: (await turn.finished()).output! })));

    const ledger = await listProviderRefunds(order.number);
    expect(sum(ledger)).toBe(3 * each);
    expect(sum(ledger)).toBeLessThanOrEqual(order.totalCents);
    const after = (await getOrder(order.number))!;
    expect(after.refundedCents).toBe(sum(ledger));
    expect(sum(await listRefunds(order.number))).toBe(sum(ledger));

    const done = outputs.filter(({ output }) => output.status === 'done');
    const refused = outputs.filter(({ output }) => 'error' in output);
    expect(done).toHaveLength(3);
    expect(refused).toHaveLength(3);
    const money = (cents: number) => formatMoney(cents).replace('$', '\\$');
    // Told while the others were paying, or after they were recorded.
    const inProgress = new RegExp(
      `^(Only ${money(order.totalCents - 2 * each)}|Only ${money(order.totalCents - 3 * each)}|Nothing) is left to refund on order #${order.number}: ` +
        `(another refund of ${money(each)} is|[23] other refunds of \\$[\\d,.]+ in total are) in progress\\.$`,
    );
    const afterwards = `Refunding ${formatMoney(each)} is more than the ${formatMoney(order.totalCents - 3 * each)} left on order #${order.number}.`;
    for (const { runId, output } of refused) {
      const error = String(output.error);
      expect(inProgress.test(error) || error === afterwards, error).toBe(true);
      // A business error: final at once, never retried.
      expect(await stepAttempts(runId, 'refundThroughProvider')).toEqual([1]);
    }
  });

  it('hold what a refund paid before its step died against a second refund, until reconciled', async () => {
    const order = await untouchedOrder();
    const amount = Math.floor(order.totalCents * 0.6);
    const [first, second] = await refundsAwaitingApproval(order.number, [amount, amount]);
    // Every attempt of the first refund dies after the provider paid and before it is recorded:
    // its retries run out (maxRetries 5) with the money paid and nothing recorded.
    planFaults({ crashAfterProviderRefund: 6 });
    await first!.approve();
    await expect.poll(async () => (await listProviderRefunds(order.number)).length, { timeout: 10_000, interval: 50 }).toBe(1);
    await second!.approve();

    const [refused, died] = [(await second!.finished()).output, (await first!.finished()).output];
    const ledger = await listProviderRefunds(order.number);
    expect(sum(ledger)).toBe(amount); // the second refund paid nothing
    expect(refused).toEqual({
      error: `Only ${formatMoney(order.totalCents - amount)} is left to refund on order #${order.number}: another refund of ${formatMoney(amount)} is in progress.`,
    });
    expect(died).toEqual({ error: 'Injected crash after the provider refunded, before it was recorded (gave up after 6 attempts)' });
    const [paid] = ledger;
    expect((await getOrder(order.number))!.refundedCents).toBe(0); // paid, not yet recorded…
    expect(await getRefundReservation(paid!.idempotencyKey)).toMatchObject({ status: 'reserved', runId: first!.runId });

    // …until reconciliation asks the provider and records what it paid.
    const reconciled = await settleRefundReservations({ graceMs: 0 });
    expect(reconciled.settled).toContain(paid!.idempotencyKey);
    expect((await getOrder(order.number))!.refundedCents).toBe(amount);
    expect(await listRefunds(order.number)).toMatchObject([{ amountCents: amount, providerRefundId: paid!.id }]);
  });
});
