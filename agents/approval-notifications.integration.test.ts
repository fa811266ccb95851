import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getRun } from 'workflow/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { approvalNotifierRun, listDeliveriesOfApproval, listUnpurgedNotifierRuns } from '@/db/queries/notifications';
import { ensureUser, guestName } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { clearFaults, planFaults } from '@/lib/faults';
import type { ApprovalEventBody } from '@/lib/notifications/payload';
import { purgeFinishedNotifierRuns } from '@/lib/runs/retention';
import { orderWithStatus, startTurn, stepAttempts, waitForApproval, waitForRunEnd } from '@/testing/approvals';
import { setUpTestDatabase } from '@/testing/db';
import { WebhookReceiver } from '@/testing/webhook-receiver';
import type { ApprovalNotificationsOutput } from './approval-notifications';

const secret = 'the-receivers-shared-secret';
const receiver = new WebhookReceiver(secret);
let database: DatabaseHandle;
const userId = randomUUID();

beforeAll(async () => {
  database = await setUpTestDatabase();
  await ensureUser(userId);
  await receiver.start();
});
afterAll(async () => {
  await receiver.close();
  await database.close();
});
beforeEach(() => {
  process.env.NOTIFY_WEBHOOK_URLS = receiver.url;
  process.env.NOTIFY_WEBHOOK_SECRET = secret;
  process.env.NOTIFY_APP_URL = 'https://support.example';
});
afterEach(() => {
  clearFaults();
  for (const name of ['NOTIFY_WEBHOOK_URLS', 'NOTIFY_WEBHOOK_SECRET', 'NOTIFY_APP_URL', 'NOTIFY_EXPIRY_WARNING', 'APPROVAL_TIMEOUT']) delete process.env[name];
});

/** Starts a refund that asks for approval and returns the request and its notification run. */
async function askForRefund(dollars: number) {
  const order = await orderWithStatus('delivered');
  const turn = await startTurn(userId, `Refund $${dollars} of order ${order.number}`);
  const approval = await waitForApproval(userId, turn.runId);
  let notifierRunId: string | null = null;
  await expect.poll(async () => (notifierRunId = await approvalNotifierRun(approval.approvalId)), { timeout: 20_000 }).not.toBeNull();
  return { order, turn, approval, notifierRunId: notifierRunId! };
}

const eventsFor = (approvalId: string) =>
  receiver.received.filter((r) => r.status < 300 && !r.duplicate && (JSON.parse(r.body) as ApprovalEventBody).approval.id === approvalId);

async function notificationsOf(runId: string): Promise<ApprovalNotificationsOutput> {
  expect(await waitForRunEnd(runId, 40_000)).toBe('completed');
  return (await getRun(runId).returnValue) as ApprovalNotificationsOutput;
}

describe('approval notifications', () => {
  it('tell the receiver of a request, signed, with what, how much, who asked and who may decide; then of the decision', async () => {
    const { order, turn, approval, notifierRunId } = await askForRefund(5);
    await expect.poll(() => eventsFor(approval.approvalId).length, { timeout: 20_000 }).toBe(1);
    const [requested] = eventsFor(approval.approvalId);
    expect(requested).toMatchObject({ event: 'approval.requested', verified: true });
    const body = JSON.parse(requested!.body) as ApprovalEventBody;
    expect(body).toMatchObject({
      id: requested!.deliveryId,
      event: 'approval.requested',
      approval: {
        id: approval.approvalId,
        action: `Refund $5.00 to ${order.customer.name} for order #${order.number}`,
        amount: { cents: 500, formatted: '$5.00' },
        requestedBy: { id: userId, name: guestName(userId) },
        deciders: [guestName(userId)],
        expiresAt: approval.expiresAt,
        url: 'https://support.example/approvals',
      },
    });

    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await turn.finished();
    // Decided long before the warning: no "expiring", no "expired"; the decision goes out at once.
    expect((await notificationsOf(notifierRunId)).events).toEqual(['approval.requested', 'approval.decided']);
    const decided = JSON.parse(eventsFor(approval.approvalId)[1]!.body) as ApprovalEventBody;
    expect(decided.approval).toMatchObject({ status: 'approved', decidedBy: { id: userId } });
    expect((await listDeliveriesOfApproval(approval.approvalId)).map((d) => [d.event, d.status, d.attempts])).toEqual([
      ['approval.requested', 'delivered', 1],
      ['approval.decided', 'delivered', 1],
    ]);

    // Ended, it leaves nothing in a local world's folders for retention to trip over.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'notifier-purge-'));
    mkdirSync(path.join(dataDir, 'events'));
    writeFileSync(path.join(dataDir, 'events', `${notifierRunId}-1.json`), '{}');
    expect(await purgeFinishedNotifierRuns({ finishedMoreThanMs: 0, limit: 100, localDataDir: dataDir })).toBe(1);
    expect(existsSync(path.join(dataDir, 'events', `${notifierRunId}-1.json`))).toBe(false);
    expect(await listUnpurgedNotifierRuns(100)).not.toContain(notifierRunId);
  });

  it('warn before the deadline and say when it expired unanswered, once each', async () => {
    process.env.APPROVAL_TIMEOUT = '4s';
    process.env.NOTIFY_EXPIRY_WARNING = '2s';
    const { turn, approval, notifierRunId } = await askForRefund(1);
    await turn.finished();
    expect((await notificationsOf(notifierRunId)).events).toEqual(['approval.requested', 'approval.expiring', 'approval.expired']);
    const received = eventsFor(approval.approvalId);
    expect(received.map((r) => r.event)).toEqual(['approval.requested', 'approval.expiring', 'approval.expired']);
    expect(new Set(received.map((r) => r.deliveryId)).size).toBe(3);
    expect(received.every((r) => r.verified)).toBe(true);
    expect((JSON.parse(received[2]!.body) as ApprovalEventBody).approval.status).toBe('expired');
  });

  it('retry a receiver that answered 500, under the same delivery id, and deliver once', async () => {
    receiver.answerNext(500);
    const { turn, approval, notifierRunId } = await askForRefund(2);
    await expect.poll(() => eventsFor(approval.approvalId).length, { timeout: 20_000 }).toBe(1);
    const attempts = receiver.received.filter((r) => r.event === 'approval.requested' && r.deliveryId === eventsFor(approval.approvalId)[0]!.deliveryId);
    expect(attempts.map((r) => r.status)).toEqual([500, 200]);
    expect(await stepAttempts(notifierRunId, 'deliverApprovalNotice')).toEqual([2]);
    expect(await listDeliveriesOfApproval(approval.approvalId)).toMatchObject([{ event: 'approval.requested', status: 'delivered', attempts: 2 }]);
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'reject' });
    await turn.finished();
    await notificationsOf(notifierRunId);
  });

  it('give up at once on a receiver that refuses (410), record why, and go on with the next event', async () => {
    receiver.answerNext(410);
    const { turn, approval, notifierRunId } = await askForRefund(6);
    await expect.poll(async () => (await listDeliveriesOfApproval(approval.approvalId))[0]?.status, { timeout: 20_000 }).toBe('failed');
    expect(await listDeliveriesOfApproval(approval.approvalId)).toMatchObject([
      { event: 'approval.requested', status: 'failed', attempts: 1, lastError: expect.stringContaining('answered 410') },
    ]);
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await turn.finished();
    expect((await notificationsOf(notifierRunId)).events).toEqual(['approval.requested', 'approval.decided']);
    expect(eventsFor(approval.approvalId).map((r) => r.event)).toEqual(['approval.decided']);
  });

  it('send the same delivery id again after dying between the receiver’s 200 and the record, and the receiver drops the repeat', async () => {
    planFaults({ crashAt: { afterNotificationSent: 1 } });
    const { turn, approval, notifierRunId } = await askForRefund(3);
    await expect.poll(() => receiver.received.filter((r) => r.duplicate).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const sent = receiver.received.filter((r) => eventsFor(approval.approvalId)[0]?.deliveryId === r.deliveryId);
    expect(sent.map((r) => [r.status, r.duplicate])).toEqual([
      [200, false],
      [200, true],
    ]);
    expect(receiver.processed.filter((id) => id === sent[0]!.deliveryId)).toHaveLength(1);
    // The receiver has answered the repeat; the step records it a moment later.
    await expect.poll(async () => (await listDeliveriesOfApproval(approval.approvalId))[0]?.status).toBe('delivered');
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await turn.finished();
    expect((await notificationsOf(notifierRunId)).events).toEqual(['approval.requested', 'approval.decided']);
  });

  it('are not started without webhook URLs', async () => {
    delete process.env.NOTIFY_WEBHOOK_URLS;
    const order = await orderWithStatus('delivered');
    const turn = await startTurn(userId, `Refund $4 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await turn.finished();
    expect(await approvalNotifierRun(approval.approvalId)).toBeNull();
    expect(eventsFor(approval.approvalId)).toEqual([]);
  });
});
