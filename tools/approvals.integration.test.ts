import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from 'workflow/runtime';
import type { DatabaseHandle } from '@/db/client';
import { decideApproval, getApprovalForUser, type ApprovalView } from '@/db/queries/approvals';
import { listChatMessages } from '@/db/queries/messages';
import { listHeldRefundReservations } from '@/db/queries/refund-reservations';
import { getOrder, listOrderNotes, listRefunds } from '@/db/queries/store';
import { ensureUser, guestName } from '@/db/queries/users';
import { decide, deliverDecision } from '@/lib/approvals/decide';
import { clearFaults, planFaults } from '@/lib/faults';
import { listProviderRefunds } from '@/lib/payments/provider';
import { orderWithStatus, startTurn, stepAttempts, waitForApproval } from '@/testing/approvals';
import { setUpTestDatabase } from '@/testing/db';
import { approvalHook, approvalToken } from './approval';

let database: DatabaseHandle;
const userId = randomUUID();
// Cancellations, and refunds above the requester's own limit, are decided by someone else.
const approver = { userId: randomUUID(), role: 'approver' as const };
const APPROVER_NAME = 'Sam Supervisor';

beforeAll(async () => {
  database = await setUpTestDatabase();
  await ensureUser(userId);
  await ensureUser(approver.userId, { role: 'approver', name: APPROVER_NAME });
});
afterAll(() => database.close());
afterEach(() => {
  clearFaults();
  delete process.env.APPROVAL_TIMEOUT;
  delete process.env.REFUND_AUTO_APPROVE_LIMIT_CENTS;
});

const ask = (text: string) => startTurn(userId, text);

describe('a refund', () => {
  it('waits for approval, then refunds once and says so', async () => {
    const order = await orderWithStatus('delivered');
    const turn = await ask(`Refund $5 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    expect(approval).toMatchObject({
      toolName: 'refundOrder',
      input: { orderNumber: order.number, amountCents: 500 },
      summary: `Refund $5.00 to ${order.customer.name} for order #${order.number}`,
      status: 'pending',
    });
    expect(Date.parse(approval.expiresAt) - Date.parse(approval.requestedAt)).toBeGreaterThan(23 * 3600_000);
    expect(await listRefunds(order.number)).toEqual([]); // nothing happens before the decision

    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    const { text, output, chunks } = await turn.finished();
    expect(output).toMatchObject({ status: 'done', result: { amountCents: 500 }, approval: { status: 'approved' } });
    expect(text).toBe(
      `Refunded **$5.00** for order **#${order.number}** (approved by ${guestName(userId)}). ` +
        `${formatCents(order.totalCents - 500)} is left to refund.`,
    );
    const refunds = await listRefunds(order.number);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amountCents: 500, approvalId: approval.approvalId });
    expect(await listProviderRefunds(order.number)).toHaveLength(1);
    expect((await getOrder(order.number))!.refundedCents).toBe(500);

    // The card the browser showed: pending first, then decided, by whom and when.
    const cards = chunks.filter((c) => c.type === 'data-approval') as { data: { status: string; decidedBy: unknown } }[];
    expect(cards.map((c) => c.data.status)).toEqual(['pending', 'approved']);
    expect(cards[1]!.data.decidedBy).toEqual({ id: userId, name: guestName(userId) });
    const stored = await getApprovalForUser(approval.approvalId, userId);
    expect(stored).toMatchObject({ status: 'approved', decidedBy: { id: userId } });
    expect(stored!.decidedAt).not.toBeNull();
    // The approval went straight to the refund: no step in between only read the decision back.
    expect(await stepAttempts(turn.runId, 'settleApproval')).toEqual([]);
  });

  it('is not made by a wake-up that claims an approval the database does not hold', async () => {
    const order = await orderWithStatus('delivered');
    const [refunds, paid] = [(await listRefunds(order.number)).length, (await listProviderRefunds(order.number)).length];
    const turn = await ask(`Refund $2 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    await wake(approval, { status: 'approved', decision: { decidedAt: new Date().toISOString(), decidedBy: null, reason: null } });
    const { output } = await turn.finished();
    expect(output).toEqual({ error: 'Not done: the request to do this is pending, not approved.' });
    expect(await listRefunds(order.number)).toHaveLength(refunds);
    expect(await listProviderRefunds(order.number)).toHaveLength(paid);
    expect((await getApprovalForUser(approval.approvalId, userId))!.status).toBe('pending');
  });

  it('still refunds for a run woken the older way (the decision read back by a step)', async () => {
    const order = await orderWithStatus('delivered');
    const before = (await listRefunds(order.number)).length;
    const turn = await ask(`Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    await decideApproval({ approvalId: approval.approvalId, userId, decision: 'approved' });
    await wake(approval, { status: 'approved' }); // what the route sent before wake-ups carried the decision
    const { output } = await turn.finished();
    expect(output).toMatchObject({ status: 'done', result: { amountCents: 100 }, approval: { status: 'approved', decidedBy: { id: userId } } });
    expect(await stepAttempts(turn.runId, 'settleApproval')).toEqual([1]);
    expect(await listRefunds(order.number)).toHaveLength(before + 1);
  });

  it('is not made when rejected, and the agent gives the reason', async () => {
    const order = await orderWithStatus('delivered');
    const before = (await listRefunds(order.number)).length;
    const turn = await ask(`Refund all of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    await decide(approver, approval.approvalId, { decision: 'reject', reason: 'Customer already got a voucher' });
    const { text, output } = await turn.finished();
    expect(output).toMatchObject({ status: 'rejected', approval: { reason: 'Customer already got a voucher' } });
    expect(text).toBe(
      `The refund of order **#${order.number}** was not made: ${APPROVER_NAME} rejected it: "Customer already got a voucher".`,
    );
    expect(await listRefunds(order.number)).toHaveLength(before);
  });

  it('expires when nobody decides in time, and a late decision gets 410', async () => {
    process.env.APPROVAL_TIMEOUT = '2s';
    const order = await orderWithStatus('shipped');
    const turn = await ask(`Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    const { text, output } = await turn.finished();
    expect(output).toMatchObject({ status: 'expired' });
    expect(text).toBe(`The refund request for order **#${order.number}** expired before anyone decided, so nothing changed.`);
    expect(await listRefunds(order.number)).toEqual([]);
    await expect(decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' })).rejects.toMatchObject({ status: 410 });
  });

  it('retries a provider that is briefly unavailable or rate limited, and still refunds once', async () => {
    planFaults({ paymentUnavailable: 2, paymentRateLimited: 1 });
    const order = await orderWithStatus('paid');
    const turn = await ask(`Refund $2 of order ${order.number}`);
    await decide({ userId, role: 'agent' }, (await waitForApproval(userId, turn.runId)).approvalId, { decision: 'approve' });
    const { output } = await turn.finished();
    expect(output).toMatchObject({ status: 'done' });
    expect(await stepAttempts(turn.runId, 'refundThroughProvider')).toEqual([4]);
    expect(await listRefunds(order.number)).toHaveLength(1);
    expect(await listProviderRefunds(order.number)).toHaveLength(1);
  });

  it('refunds exactly once when the step dies after committing and before returning', async () => {
    planFaults({ crashAfterCommit: { refund: 1 } });
    const order = await orderWithStatus('delivered');
    const before = (await listRefunds(order.number)).length;
    const turn = await ask(`Refund $3 of order ${order.number}`);
    await decide({ userId, role: 'agent' }, (await waitForApproval(userId, turn.runId)).approvalId, { decision: 'approve' });
    const { output } = await turn.finished();
    expect(output).toMatchObject({ status: 'done', result: { amountCents: 300 } });
    expect(await stepAttempts(turn.runId, 'refundThroughProvider')).toEqual([2]);
    expect(await listRefunds(order.number)).toHaveLength(before + 1);
    expect((await listProviderRefunds(order.number)).length).toBe(before + 1);
  });

  it('refuses to refund more than is left, without asking anyone', async () => {
    const order = await orderWithStatus('paid');
    const turn = await ask(`Refund $99999 of order ${order.number}`);
    const { output } = await turn.finished();
    expect(output).toEqual({ error: expect.stringMatching(/A refund of \$99,999\.00 is more than the \$[\d,.]+ left to refund/) });
    expect((await listApprovalsFor(turn.runId)).length).toBe(0);
  });

  it('goes through without asking when it is under the auto-approve limit', async () => {
    process.env.REFUND_AUTO_APPROVE_LIMIT_CENTS = '1000';
    const order = await orderWithStatus('delivered');
    const turn = await ask(`Refund $4 of order ${order.number}`);
    const { output } = await turn.finished();
    expect(output).toMatchObject({ status: 'done', approval: null, result: { amountCents: 400 } });
    expect((await listApprovalsFor(turn.runId)).length).toBe(0);
  });
});

describe('a cancellation', () => {
  it('is refused outright for a shipped order', async () => {
    const order = await orderWithStatus('shipped');
    const turn = await ask(`Cancel order ${order.number}`);
    const { output, text } = await turn.finished();
    expect(output).toEqual({ status: 'refused', reason: expect.stringContaining('has already shipped') });
    expect(text).toMatch(/^I can't do that: Order #\d+ has already shipped/);
    expect((await getOrder(order.number))!.status).toBe('shipped');
  });

  it('cancels and refunds a paid order once approved', async () => {
    const order = await orderWithStatus('paid');
    const turn = await ask(`Cancel order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    expect(approval.summary).toMatch(new RegExp(`^Cancel order #${order.number} for ${order.customer.name} and refund \\$`));
    await decide(approver, approval.approvalId, { decision: 'approve' });
    const { output } = await turn.finished();
    expect(output).toMatchObject({ status: 'done', result: { status: 'cancelled' } });
    const after = (await getOrder(order.number))!;
    expect(after.status).toBe('cancelled');
    expect(after.refundedCents).toBe(after.totalCents);
  });

  it('is undone when its refund fails for good (compensation)', async () => {
    planFaults({ paymentDeclined: 1 });
    const order = await orderWithStatus('paid');
    const turn = await ask(`Cancel order ${order.number}`);
    await decide(approver, (await waitForApproval(userId, turn.runId)).approvalId, { decision: 'approve' });
    const { output, text } = await turn.finished();
    expect(output).toEqual({
      error: `The refund failed (The payment provider declined the refund.), so the cancellation was undone: order #${order.number} is paid again.`,
    });
    expect(text).toMatch(/^Sorry, I couldn't cancel that order: The refund failed/);
    expect((await getOrder(order.number))!.status).toBe('paid');
    expect(await listRefunds(order.number)).toEqual([]);
    // The declined refund holds nothing back from later refunds.
    expect(await heldRefundsOf(order.number)).toEqual([]);
  });

  it('refunds what is left when it acts, not what was left when it asked', async () => {
    const order = await orderWithStatus('paid');
    const asked = order.totalCents - order.refundedCents;
    const cancel = await ask(`Cancel order ${order.number}`);
    const approval = await waitForApproval(userId, cancel.runId);
    expect(approval.summary).toContain(`refund ${formatCents(asked)}`);
    // Meanwhile $5 of it is refunded from another chat.
    process.env.REFUND_AUTO_APPROVE_LIMIT_CENTS = '500';
    expect((await ask(`Refund $5 of order ${order.number}`).then((t) => t.finished())).output).toMatchObject({ status: 'done' });

    await decide(approver, approval.approvalId, { decision: 'approve' });
    const { output } = await cancel.finished();
    expect(output).toMatchObject({ status: 'done', result: { status: 'cancelled', refund: { amountCents: asked - 500 } } });
    const after = (await getOrder(order.number))!;
    expect(after).toMatchObject({ status: 'cancelled', refundedCents: after.totalCents });
    expect(sumOf(await listProviderRefunds(order.number))).toBe(after.totalCents);
  });

  it('cancels without a refund when everything was refunded by the time it acts', async () => {
    const order = await orderWithStatus('paid');
    const cancel = await ask(`Cancel order ${order.number}`);
    const approval = await waitForApproval(userId, cancel.runId);
    process.env.REFUND_AUTO_APPROVE_LIMIT_CENTS = String(order.totalCents);
    expect((await ask(`Refund all of order ${order.number}`).then((t) => t.finished())).output).toMatchObject({ status: 'done' });

    await decide(approver, approval.approvalId, { decision: 'approve' });
    const { output } = await cancel.finished();
    expect(output).toMatchObject({ status: 'done', result: { status: 'cancelled', refund: null } });
    expect((await getOrder(order.number))!).toMatchObject({ status: 'cancelled', refundedCents: order.totalCents });
    expect(sumOf(await listProviderRefunds(order.number))).toBe(order.totalCents);
  });

  it('cannot be made for a delivered order (a business rule, final)', async () => {
    const order = await orderWithStatus('delivered');
    const { output } = await (await ask(`Cancel order ${order.number}`)).finished();
    expect(output).toEqual({ error: `Order #${order.number} was delivered, so it can't be cancelled. A refund is still possible.` });
  });
});

describe('write tools', () => {
  it('add a note to an order', async () => {
    const order = await orderWithStatus('shipped');
    const { output, text } = await (await ask(`Add a note to order ${order.number}: customer called about the delivery date`)).finished();
    expect(output).toMatchObject({ orderNumber: order.number, note: 'customer called about the delivery date' });
    expect(text).toBe(`Added a note to order **#${order.number}**: "customer called about the delivery date"`);
    expect((await listOrderNotes(order.number)).map((n) => n.body)).toContain('customer called about the delivery date');
  });

  it('change the address of an order that has not shipped, and refuse one that has', async () => {
    const paid = await orderWithStatus('paid');
    const changed = await (await ask(`Change the address of order ${paid.number} to 12 Rue de Rivoli, Paris`)).finished();
    expect(changed.output).toMatchObject({ address: '12 Rue de Rivoli, Paris', previousAddress: paid.shippingAddress });
    expect((await getOrder(paid.number))!.shippingAddress).toBe('12 Rue de Rivoli, Paris');

    const shipped = await orderWithStatus('shipped');
    const refused = await (await ask(`Change the address of order ${shipped.number} to 1 Main St, Springfield`)).finished();
    expect(refused.output).toEqual({ error: `Order #${shipped.number} is shipped, so its shipping address can no longer change.` });
    expect((await getOrder(shipped.number))!.shippingAddress).toBe(shipped.shippingAddress);
  });
});

describe('the approval route logic', () => {
  it('lets the first decision win and reports it to the second', async () => {
    const order = await orderWithStatus('delivered');
    const turn = await ask(`Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    const results = await Promise.allSettled([
      decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' }),
      decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'reject', reason: 'changed my mind' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ status: 409, details: { approval: { approvalId: approval.approvalId } } });
    await turn.finished();
  });

  it('does not wake the run again for a second click on a decision it has already heard', async () => {
    const order = await orderWithStatus('delivered');
    const turn = await ask(`Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await expect(decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' })).rejects.toMatchObject({ status: 409 });
    await turn.finished();
    expect(await eventCount(turn.runId, 'hook_received')).toBe(1);
  });

  it('finishes the turn when the decision wakes the run twice (the losing tab redelivers it)', async () => {
    const order = await orderWithStatus('delivered');
    const before = (await listRefunds(order.number)).length;
    const turn = await ask(`Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    const decided = await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await Promise.all([deliverDecision(decided), deliverDecision(decided)]);
    const { output } = await turn.finished();
    expect(output).toMatchObject({ status: 'done', result: { amountCents: 100 } });
    expect(await listRefunds(order.number)).toHaveLength(before + 1);
  });

  it("does not let another user decide, or even see, someone's approval", async () => {
    const order = await orderWithStatus('delivered');
    const turn = await ask(`Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    const stranger = randomUUID();
    await expect(decide({ userId: stranger, role: 'agent' }, approval.approvalId, { decision: 'approve' })).rejects.toMatchObject({ status: 404 });
    await expect(decide({ userId, role: 'agent' }, randomUUID(), { decision: 'approve' })).rejects.toMatchObject({ status: 404 });
    expect(await getApprovalForUser(approval.approvalId, stranger)).toBeNull();
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'reject' });
    await turn.finished();
    const [, answer] = await listChatMessages((await getApprovalForUser(approval.approvalId, userId))!.chatId);
    expect(answer!.parts.some((p) => p.type === 'data-approval')).toBe(true);
  });
});

/** Resumes the run's approval hook directly, as only server code can (retrying until it is registered). */
async function wake(approval: ApprovalView, payload: Omit<Parameters<typeof approvalHook.resume>[1], 'approvalId'>) {
  const token = approvalToken(approval.runId, approval.toolCallId);
  await expect
    .poll(() => approvalHook.resume(token, { approvalId: approval.approvalId, ...payload }).then(() => true, () => false), { timeout: 10_000, interval: 100 })
    .toBe(true);
}

async function listApprovalsFor(runId: string) {
  const { listApprovalsForUser } = await import('@/db/queries/approvals');
  return (await listApprovalsForUser(userId)).filter((a) => a.runId === runId);
}

async function heldRefundsOf(orderNumber: number) {
  return (await listHeldRefundReservations(new Date(Date.now() + 60_000), 1000)).filter((r) => r.orderNumber === orderNumber);
}

const sumOf = (rows: { amountCents: number }[]) => rows.reduce((sum, row) => sum + row.amountCents, 0);

function formatCents(cents: number) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}

async function eventCount(runId: string, eventType: string): Promise<number> {
  const events = await getWorld().events.list({ runId, pagination: { limit: 1000 }, resolveData: 'none' });
  return events.data.filter((event) => event.eventType === eventType).length;
}
