import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { ChatMessage, ChatMessageMetadata } from '@/lib/chat/types';
import { db } from '../client';
import { messages, runs } from '../schema';

type MessageRow = typeof messages.$inferSelect;

function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    role: row.role,
    parts: row.parts as ChatMessage['parts'],
    metadata: {
      ...((row.metadata as ChatMessageMetadata | null) ?? {}),
      createdAt: row.createdAt.toISOString(),
      ...(row.runId ? { runId: row.runId } : {}),
    },
  };
}

/**
 * The chat as it stands, in the order it was written, shaped as UI messages: what the page
 * shows and what the model reads. Messages a regeneration or an edit replaced are left out.
 */
export async function listChatMessages(chatId: string): Promise<ChatMessage[]> {
  const rows = await (await db())
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), isNull(messages.replacedAt)))
    .orderBy(asc(messages.seq));
  return rows.map(toChatMessage);
}

/**
 * Earlier answers to the chat's current user messages, which a regeneration replaced: by the
 * id of the user message they answered, oldest first. Answers to an edited message's old
 * version are not here (that question is gone from the chat); run review keeps them.
 */
export async function listReplacedAnswers(chatId: string): Promise<Record<string, ChatMessage[]>> {
  const database = await db();
  const [replaced, current] = await Promise.all([
    database
      .select({ message: messages, userMessageId: runs.userMessageId })
      .from(messages)
      .innerJoin(runs, eq(runs.id, messages.runId))
      .where(and(eq(messages.chatId, chatId), eq(messages.role, 'assistant'), isNotNull(messages.replacedAt)))
      .orderBy(asc(messages.seq)),
    database
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.chatId, chatId), eq(messages.role, 'user'), isNull(messages.replacedAt))),
  ]);
  const currentIds = new Set(current.map((row) => row.id));
  const byQuestion: Record<string, ChatMessage[]> = {};
  for (const { message, userMessageId } of replaced) {
    if (!currentIds.has(userMessageId)) continue;
    (byQuestion[userMessageId] ??= []).push(toChatMessage(message));
  }
  return byQuestion;
}
