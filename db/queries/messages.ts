import { asc, eq } from 'drizzle-orm';
import type { ChatMessage, ChatMessageMetadata } from '@/lib/chat/types';
import { db } from '../client';
import { messages } from '../schema';

/** The chat's messages in the order they were written, shaped as UI messages. */
export async function listChatMessages(chatId: string): Promise<ChatMessage[]> {
  const rows = await (await db())
    .select()
    .from(messages)
    .where(eq(messages.chatId, chatId))
    .orderBy(asc(messages.seq));
  return rows.map((row) => ({
    id: row.id,
    role: row.role,
    parts: row.parts as ChatMessage['parts'],
    metadata: {
      ...((row.metadata as ChatMessageMetadata | null) ?? {}),
      createdAt: row.createdAt.toISOString(),
      ...(row.runId ? { runId: row.runId } : {}),
    },
  }));
}
