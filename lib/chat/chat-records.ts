import { listRunIdsOfChat } from '@/db/queries/archives';
import { deleteChatForUser, getChatForUser, startedRunId } from '@/db/queries/chats';
import { forgetRuns } from '@/lib/runs/retention';
import { listChatMessages, listReplacedAnswers } from '@/db/queries/messages';
import { queuedMessageViews } from '@/db/queries/queue';
import { ApiError } from '@/lib/http';
import { isUuid } from './schemas';
import type { ChatSnapshot } from './types';
import { abandonTurn } from './stop-turn';

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

export async function deleteChat(chatId: string, userId: string): Promise<void> {
  const chat = await requireChat(chatId, userId);
  const running = startedRunId(chat);
  if (running) {
    // Stop paying for an answer nobody can read any more.
    await abandonTurn(running).catch((error: unknown) => console.warn(`[chats] could not stop run ${running}`, error));
  }
  const runIds = await listRunIdsOfChat(chat.id);
  await deleteChatForUser(chat.id, userId);
  await forgetRuns(runIds);
}
