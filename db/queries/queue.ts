import { and, asc, eq, isNull } from 'drizzle-orm';
import type { QueuedMessageView } from '@/lib/chat/types';
import { db } from '../client';
import { chats, messages, queuedMessages } from '../schema';
import type { TurnRequest } from './turns';

export type QueuedMessage = Pick<typeof queuedMessages.$inferSelect, 'id' | 'parts' | 'model' | 'queuedAt'>;

/** Keeps a message for after the chat's current turn. False when its id is taken. */
export async function enqueueMessage(input: {
  chatId: string;
  userId: string;
  message: { id: string; parts: QueuedMessageView['parts'] };
  model: string;
  sessionId?: string;
}): Promise<boolean> {
  return (await db()).transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), eq(messages.id, input.message.id)));
    if (taken) return false;
    const inserted = await tx
      .insert(queuedMessages)
      .values({ id: input.message.id, chatId: input.chatId, userId: input.userId, parts: input.message.parts, model: input.model, sessionId: input.sessionId ?? null })
      .onConflictDoNothing()
      .returning({ id: queuedMessages.id });
    return inserted.length > 0;
  });
}

export async function listQueuedMessages(chatId: string): Promise<QueuedMessage[]> {
  return (await db())
    .select({ id: queuedMessages.id, parts: queuedMessages.parts, model: queuedMessages.model, queuedAt: queuedMessages.queuedAt })
    .from(queuedMessages)
    .where(eq(queuedMessages.chatId, chatId))
    .orderBy(asc(queuedMessages.seq));
}

/** What a chat page shows of its queued messages, oldest first. */
export async function queuedMessageViews(chatId: string): Promise<QueuedMessageView[]> {
  return (await listQueuedMessages(chatId)).map((m) => ({ id: m.id, parts: m.parts, queuedAt: m.queuedAt.toISOString() }));
}

/** Takes a queued message back before its turn starts; false when it is not (or no longer) queued. */
export async function cancelQueuedMessage(chatId: string, messageId: string): Promise<boolean> {
  const removed = await (await db())
    .delete(queuedMessages)
    .where(and(eq(queuedMessages.chatId, chatId), eq(queuedMessages.id, messageId)))
    .returning({ id: queuedMessages.id });
  return removed.length > 0;
}

export interface TakenTurn {
  userId: string;
  userMessageId: string;
  request: TurnRequest;
  sessionId: string | null;
}

/**
 * When the chat is free: its oldest queued message becomes its newest message and the chat is
 * reserved for that turn, in one transaction (the caller starts the run; a crash before it
 * does leaves a reserved turn the reconciler starts). Null when the chat is busy or nothing waits.
 */
export async function takeNextQueuedTurn(chatId: string, reservation: string): Promise<TakenTurn | null> {
  return (await db()).transaction(async (tx) => {
    const [chat] = await tx
      .select({ id: chats.id })
      .from(chats)
      .where(and(eq(chats.id, chatId), isNull(chats.activeRunId), isNull(chats.deletedAt)))
      .for('update');
    if (!chat) return null;
    const [next] = await tx.select().from(queuedMessages).where(eq(queuedMessages.chatId, chatId)).orderBy(asc(queuedMessages.seq)).limit(1);
    if (!next) return null;
    const request: TurnRequest = { model: next.model };
    await tx.insert(messages).values({ id: next.id, chatId, role: 'user', parts: next.parts, metadata: request });
    await tx.delete(queuedMessages).where(and(eq(queuedMessages.chatId, chatId), eq(queuedMessages.id, next.id)));
    await tx.update(chats).set({ activeRunId: reservation, activeRunClaimedAt: new Date(), updatedAt: new Date() }).where(eq(chats.id, chatId));
    return { userId: next.userId, userMessageId: next.id, request, sessionId: next.sessionId };
  });
}

/** Free chats that have messages waiting: what the reconciler starts after a crash. */
export async function listChatsWithQueuedTurns(limit = 50): Promise<string[]> {
  const rows = await (await db())
    .selectDistinct({ chatId: queuedMessages.chatId })
    .from(queuedMessages)
    .innerJoin(chats, eq(chats.id, queuedMessages.chatId))
    .where(isNull(chats.activeRunId))
    .limit(limit);
  return rows.map((row) => row.chatId);
}
