import { and, count, eq, gt, isNotNull, min, ne, notExists, sql } from 'drizzle-orm';
import { db } from '../client';
import { approvals, chats, messages, runs } from '../schema';

/**
 * The person's messages in the last `seconds`, and when the oldest of them was sent. An answer
 * asked for again (regenerated, or a re-run) counts as a message: it costs a turn as one does.
 */
export async function countRecentMessagesOf(userId: string, seconds: number): Promise<{ count: number; oldestAt: Date | null }> {
  const database = await db();
  const since = sql`now() - make_interval(secs => ${seconds})`;
  const [[sent], [again]] = await Promise.all([
    database
      .select({ count: count(), oldestAt: min(messages.createdAt) })
      .from(messages)
      .innerJoin(chats, eq(chats.id, messages.chatId))
      .where(and(eq(chats.userId, userId), eq(messages.role, 'user'), gt(messages.createdAt, since))),
    database
      .select({ count: count(), oldestAt: min(runs.startedAt) })
      .from(runs)
      .where(and(eq(runs.userId, userId), isNotNull(runs.rerunOf), gt(runs.startedAt, since))),
  ]);
  const oldest = [sent?.oldestAt, again?.oldestAt].filter((at): at is Date => at instanceof Date);
  return {
    count: (sent?.count ?? 0) + (again?.count ?? 0),
    oldestAt: oldest.length ? new Date(Math.min(...oldest.map((at) => at.getTime()))) : null,
  };
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
