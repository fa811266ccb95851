import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '../client';
import { approvalNotifiers, notificationDeliveries } from '../schema';

export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;

/**
 * Makes `runId` the notification run of this approval unless another run already is.
 * True when it is this run's (again, on a retried step).
 */
export async function claimApprovalNotifier(approvalId: string, runId: string): Promise<boolean> {
  const database = await db();
  await database.insert(approvalNotifiers).values({ approvalId, runId }).onConflictDoNothing();
  const [row] = await database.select({ runId: approvalNotifiers.runId }).from(approvalNotifiers).where(eq(approvalNotifiers.approvalId, approvalId));
  return row?.runId === runId;
}

/** The run that sends this approval's notifications, if one claimed it. */
export async function approvalNotifierRun(approvalId: string): Promise<string | null> {
  const [row] = await (await db()).select({ runId: approvalNotifiers.runId }).from(approvalNotifiers).where(eq(approvalNotifiers.approvalId, approvalId));
  return row?.runId ?? null;
}

/**
 * Counts one more attempt of a delivery (creating its record on the first), unless it is
 * already settled: then its record comes back as it is and nothing should be sent.
 */
export async function startDeliveryAttempt(delivery: { id: string; approvalId: string; event: string; url: string }): Promise<NotificationDelivery> {
  const [row] = await (await db())
    .insert(notificationDeliveries)
    .values({ ...delivery, attempts: 1 })
    .onConflictDoUpdate({
      target: notificationDeliveries.id,
      set: { attempts: sql`${notificationDeliveries.attempts} + 1` },
      setWhere: eq(notificationDeliveries.status, 'sending'),
    })
    .returning();
  if (row) return row;
  const [settled] = await (await db()).select().from(notificationDeliveries).where(eq(notificationDeliveries.id, delivery.id));
  return settled!;
}

export async function markDeliveryDelivered(id: string): Promise<void> {
  await (await db())
    .update(notificationDeliveries)
    .set({ status: 'delivered', deliveredAt: new Date(), lastError: null })
    .where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'sending')));
}

/** An attempt failed: keep the error; `giveUp` settles the delivery as failed for good. */
export async function noteDeliveryFailure(id: string, error: string, giveUp: boolean): Promise<void> {
  await (await db())
    .update(notificationDeliveries)
    .set({ lastError: error.slice(0, 1000), ...(giveUp ? { status: 'failed' as const } : {}) })
    .where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'sending')));
}

/** An approval's deliveries, oldest first (for the run review and tests). */
export async function listDeliveriesOfApproval(approvalId: string): Promise<NotificationDelivery[]> {
  return (await db())
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.approvalId, approvalId))
    .orderBy(asc(notificationDeliveries.createdAt), asc(notificationDeliveries.event));
}

/** Notification runs whose local-world files retention has not removed yet, oldest first. */
export async function listUnpurgedNotifierRuns(limit: number): Promise<string[]> {
  const rows = await (await db())
    .select({ runId: approvalNotifiers.runId })
    .from(approvalNotifiers)
    .where(isNull(approvalNotifiers.purgedAt))
    .orderBy(asc(approvalNotifiers.createdAt))
    .limit(limit);
  return rows.map((row) => row.runId);
}

export async function markNotifierRunsPurged(runIds: string[]): Promise<void> {
  if (runIds.length === 0) return;
  await (await db()).update(approvalNotifiers).set({ purgedAt: new Date() }).where(inArray(approvalNotifiers.runId, runIds));
}
