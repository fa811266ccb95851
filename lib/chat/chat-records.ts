import { searchChatsForUser } from '@/db/queries/chat-search';
import { getChatForUser, listChatsForUser, markChatDeleted, renameChatForUser, startedRunId } from '@/db/queries/chats';
import { listChatMessages, listReplacedAnswers } from '@/db/queries/messages';
import { queuedMessageViews } from '@/db/queries/queue';
import { ApiError } from '@/lib/http';
import { isUuid } from './schemas';
import type { ChatListItem, ChatSearchHit, ChatSnapshot, RenameChatResponse } from './types';
import { stopTurn } from './stop-turn';

/** The caller's chat, or 404: one that is someone else's answers exactly like a missing one. */
export async function requireChat(chatId: string, userId: string) {
  const chat = isUuid(chatId) ? await getChatForUser(chatId, userId) : null;
  if (!chat) throw new ApiError('not_found', 'Chat not found.');
  return chat;
}

export async function getChatWithMessages(chatId: string, userId: string): Promise<ChatSnapshot> {
  const chat = await requireChat(chatId, userId);
  const [messages, replacedAnswers, queued] = await Promise.all([listChatMessages(chat.id), listReplacedAnswers(chat.id), queuedMessageViews(chat.id)]);
  return {
    chat: {
      id: chat.id,
      title: chat.title,
      createdAt: chat.createdAt.toISOString(),
      updatedAt: chat.updatedAt.toISOString(),
      activeRunId: startedRunId(chat),
      /** A message is stored and its turn is starting (its run does not exist yet). */
      starting: chat.activeRunId !== null && startedRunId(chat) === null,
    },
    messages,
    replacedAnswers,
    queued,
  };
}

/** The caller's chats as the sidebar lists them, most recently active first. */
export async function listChats(userId: string): Promise<ChatListItem[]> {
  const rows = await listChatsForUser(userId);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }));
}

export async function renameChat(chatId: string, userId: string, title: string): Promise<RenameChatResponse['chat']> {
  const chat = isUuid(chatId) ? await renameChatForUser(chatId, userId, title) : null;
  if (!chat) throw new ApiError('not_found', 'Chat not found.');
  return { id: chat.id, title: chat.title, updatedAt: chat.updatedAt.toISOString() };
}

export async function searchChats(userId: string, typed: string): Promise<ChatSearchHit[]> {
  const rows = await searchChatsForUser(userId, typed);
  return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
}

/**
 * Deletes a chat for its owner. A turn still running is stopped, as Stop would (its run ends
 * cancelled, its partial answer is kept, approvals it waited for are cancelled): deleting is
 * how a person says they no longer want that answer, so refusing with 409 would only make
 * them press Stop first. The chat's runs stay in run review; its queued messages are dropped.
 */
export async function deleteChat(chatId: string, by: { userId: string; sessionId: string }): Promise<void> {
  const chat = isUuid(chatId) ? await markChatDeleted(chatId, by.userId) : null;
  if (!chat) throw new ApiError('not_found', 'Chat not found.');
  const running = startedRunId(chat);
  if (running) {
    // Marked deleted first, so nothing new starts in it while the run is stopped.
    await stopTurn(chat.id, running, by, 'deleted').catch((error: unknown) => console.warn(`[chats] could not stop run ${running}`, error));
  }
}
