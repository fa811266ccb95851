import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { db } from '../client';
import { approvals, chats, queuedMessages } from '../schema';

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

/** The user's own chat, not deleted: what every "is it theirs?" check asks. */
const ownedLiveChat = (chatId: string, userId: string) => and(eq(chats.id, chatId), eq(chats.userId, userId), isNull(chats.deletedAt));

/** A chat the user owns, or null: a foreign or deleted chat looks exactly like a missing one. */
export async function getChatForUser(chatId: string, userId: string): Promise<Chat | null> {
  const [chat] = await (await db()).select().from(chats).where(ownedLiveChat(chatId, userId));
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
    .where(and(eq(chats.userId, userId), isNull(chats.deletedAt)))
    .orderBy(desc(chats.updatedAt), desc(chats.id))
    .limit(limit);
  return rows.map(({ activeRunId, ...row }) => ({ ...row, running: activeRunId !== null }));
}

/** Creates the chat when it is new. 'foreign' means the id is taken by another user, or by a deleted chat. */
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
  const [existing] = await database.select({ userId: chats.userId, deletedAt: chats.deletedAt }).from(chats).where(eq(chats.id, chatId));
  return existing?.userId === userId && !existing.deletedAt ? 'exists' : 'foreign';
}

/** Renames a user's chat (not its last activity: a rename does not move it up the list); null if not theirs. */
export async function renameChatForUser(chatId: string, userId: string, title: string): Promise<Chat | null> {
  const [renamed] = await (await db()).update(chats).set({ title }).where(ownedLiveChat(chatId, userId)).returning();
  return renamed ?? null;
}

/** Replaces a title only if it is still `expected`: a generated title never overwrites a rename. */
export async function replaceChatTitle(chatId: string, expected: string, title: string): Promise<boolean> {
  const replaced = await (await db())
    .update(chats)
    .set({ title })
    .where(and(eq(chats.id, chatId), eq(chats.title, expected)))
    .returning({ id: chats.id });
  return replaced.length > 0;
}

/**
 * Deletes a user's chat for them: it leaves their list, search and every chat route, while
 * its messages, runs and approvals stay for run review and the audit. Messages queued for
 * it are dropped. Returns the chat as it was (its running turn, if any), or null.
 */
export async function markChatDeleted(chatId: string, userId: string): Promise<Chat | null> {
  return (await db()).transaction(async (tx) => {
    const [deleted] = await tx.update(chats).set({ deletedAt: new Date() }).where(ownedLiveChat(chatId, userId)).returning();
    if (!deleted) return null;
    await tx.delete(queuedMessages).where(eq(queuedMessages.chatId, chatId));
    return deleted;
  });
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
