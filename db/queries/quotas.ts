import { and, count, eq, gt, isNotNull, min, ne, notExists, sql } from 'drizzle-orm';
import { db } from '../client';
import { approvals, chats, messages } from '../schema';

/** The person's messages in the last `seconds`, and when the oldest of them was sent. */
export async function countRecentMessagesOf(userId: string, seconds: number): Promise<{ count: number; oldestAt: Date | null }> {
  const [row] = await (await db())
    .select({ count: count(), oldestAt: min(messages.createdAt) })
    .from(messages)
    .innerJoin(chats, eq(chats.id, messages.chatId))
    .where(and(eq(chats.userId, userId), eq(messages.role, 'user'), gt(messages.createdAt, sql`now() - make_interval(secs => ${seconds})`)));
  return { count: row?.count ?? 0, oldestAt: row?.oldestAt ?? null };
}

/**
 * How many of the person's chats, besides `exceptChatId`, are answering (or starting to) right
 * now. A turn waiting for an approval costs nothing while it waits (hours, maybe): it does not count.
 */
export async function countRunningTurnsOf(userId: string, exceptChatId: string): Promise<number> {
  const database = await db();
  const waitingForApproval = database
    .select({ one: sql`1` })
    .from(approvals)
    .where(and(eq(approvals.runId, chats.activeRunId), eq(approvals.status, 'pending')));
  const [row] = await database
    .select({ count: count() })
    .from(chats)
    .where(and(eq(chats.userId, userId), isNotNull(chats.activeRunId), ne(chats.id, exceptChatId), notExists(waitingForApproval)));
  return row?.count ?? 0;
}
