import { and, desc, eq, sql } from 'drizzle-orm';
import { db } from '../client';
import { approvals, chats } from '../schema';

export type Chat = typeof chats.$inferSelect;

export interface ChatSummary {
  id: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
  running: boolean;
  /** Its turn is waiting for a decision (not answering): the sidebar says so. */
  waitingForApproval: boolean;
}

/** A chat the user owns, or null: a foreign chat looks exactly like a missing one. */
export async function getChatForUser(chatId: string, userId: string): Promise<Chat | null> {
  const [chat] = await (await db())
    .select()
    .from(chats)
    .where(and(eq(chats.id, chatId), eq(chats.userId, userId)));
  return chat ?? null;
}

export async function listChatsForUser(userId: string, limit = 100): Promise<ChatSummary[]> {
  const rows = await (await db())
    .select({
      id: chats.id,
      title: chats.title,
      createdAt: chats.createdAt,
      updatedAt: chats.updatedAt,
      activeRunId: chats.activeRunId,
      waitingForApproval: sql<boolean>`exists (select 1 from ${approvals} where ${approvals.runId} = ${chats.activeRunId} and ${approvals.status} = 'pending' and ${approvals.expiresAt} > now())`,
    })
    .from(chats)
    .where(eq(chats.userId, userId))
    .orderBy(desc(chats.updatedAt), desc(chats.id))
    .limit(limit);
  return rows.map(({ activeRunId, ...row }) => ({ ...row, running: activeRunId !== null }));
}

/** Creates the chat when it is new. 'foreign' means the id is taken by another user. */
export async function createChatIfMissing(
  chatId: string,
  userId: string,
  title: string,
): Promise<'created' | 'exists' | 'foreign'> {
  const database = await db();
  const created = await database
    .insert(chats)
    .values({ id: chatId, userId, title })
    .onConflictDoNothing()
    .returning({ id: chats.id });
  if (created.length > 0) return 'created';
  const [existing] = await database.select({ userId: chats.userId }).from(chats).where(eq(chats.id, chatId));
  return existing?.userId === userId ? 'exists' : 'foreign';
}

/** Deletes a user's chat with its messages and runs; returns what was deleted, or null. */
export async function deleteChatForUser(chatId: string, userId: string): Promise<Chat | null> {
  const [deleted] = await (await db())
    .delete(chats)
    .where(and(eq(chats.id, chatId), eq(chats.userId, userId)))
    .returning();
  return deleted ?? null;
}

// --- The active turn ---------------------------------------------------------------------
// A chat runs one turn at a time. The chat route reserves the chat with a `pending:` token
// before it starts the run (it cannot know the run id earlier); the run then claims the
// chat under its own id; the run's last step releases it with a compare-and-set.

export const RESERVATION_PREFIX = 'pending:';
/** A reservation older than this belongs to a request that died before its run started. */
export const RESERVATION_TTL_MS = 60_000;

export function isReservation(activeRunId: string): boolean {
  return activeRunId.startsWith(RESERVATION_PREFIX);
}

/** The run id of the chat's started turn; null when none, or when a request has only reserved it. */
export function startedRunId(chat: { activeRunId: string | null }): string | null {
  return chat.activeRunId && !isReservation(chat.activeRunId) ? chat.activeRunId : null;
}

/** Clears the active turn only if it is still `expected` (a run id or a reservation). */
export async function releaseActiveRun(chatId: string, expected: string): Promise<boolean> {
  const released = await (await db())
    .update(chats)
    .set({ activeRunId: null, activeRunClaimedAt: null })
    .where(and(eq(chats.id, chatId), eq(chats.activeRunId, expected)))
    .returning({ id: chats.id });
  return released.length > 0;
}
