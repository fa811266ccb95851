import { listRunIdsOfChat } from '@/db/queries/archives';
import { deleteChatForUser, getChatForUser, isReservation } from '@/db/queries/chats';
import { forgetRuns } from '@/lib/runs/retention';
import { listChatMessages } from '@/db/queries/messages';
import { ApiError } from '@/lib/http';
import { isUuid } from './schemas';
import { abandonTurn } from './stop-turn';

async function requireChat(chatId: string, userId: string) {
  const chat = isUuid(chatId) ? await getChatForUser(chatId, userId) : null;
  if (!chat) throw new ApiError('not_found', 'Chat not found.');
  return chat;
}

export async function getChatWithMessages(chatId: string, userId: string) {
  const chat = await requireChat(chatId, userId);
  const running = chat.activeRunId && !isReservation(chat.activeRunId) ? chat.activeRunId : null;
  return {
    chat: { id: chat.id, title: chat.title, createdAt: chat.createdAt, updatedAt: chat.updatedAt, activeRunId: running },
    messages: await listChatMessages(chat.id),
  };
}

export async function deleteChat(chatId: string, userId: string): Promise<void> {
  const chat = await requireChat(chatId, userId);
  if (chat.activeRunId && !isReservation(chat.activeRunId)) {
    // Stop paying for an answer nobody can read any more.
    await abandonTurn(chat.activeRunId).catch((error: unknown) =>
      console.warn(`[chats] could not stop run ${chat.activeRunId}`, error),
    );
  }
  const runIds = await listRunIdsOfChat(chat.id);
  await deleteChatForUser(chat.id, userId);
  await forgetRuns(runIds);
}
