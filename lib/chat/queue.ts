import { randomUUID } from 'node:crypto';
import { defaultModelId, findModel } from '@/agents/models/registry';
import { RESERVATION_PREFIX } from '@/db/queries/chats';
import { cancelQueuedMessage, enqueueMessage, listQueuedMessages, takeNextQueuedTurn } from '@/db/queries/queue';
import { ApiError } from '@/lib/http';
import { requireChat } from './chat-records';
import { checkQuotas } from './quotas';
import type { ChatRequest } from './schemas';
import { startTurnRun } from './start-chat-turn';

/**
 * "Double texting": a message sent while the chat answers (or waits hours for an approval) is
 * stored as queued, shown as such, and becomes the next turn when the current one ends,
 * however it ends; several go one after the other, in the order sent. Until its turn starts
 * the person can take it back.
 */
export async function queueMessage(
  session: { userId: string; sessionId?: string; isGuest: boolean },
  request: ChatRequest,
): Promise<{ id: string; position: number }> {
  const chat = await requireChat(request.id, session.userId);
  const model = request.model ?? defaultModelId();
  if (!findModel(model)) throw new ApiError('bad_request', `Unknown model "${model}".`);
  await checkQuotas(session.userId, chat.id, session.isGuest, { runningTurns: false });
  const queued = await enqueueMessage({ chatId: chat.id, userId: session.userId, message: request.message, model, sessionId: session.sessionId });
  if (!queued) throw new ApiError('conflict', `Message "${request.message.id}" already exists.`);
  // The turn may have ended while the message was on its way.
  await startNextQueuedTurn(chat.id);
  const position = (await listQueuedMessages(chat.id)).findIndex((m) => m.id === request.message.id);
  return { id: request.message.id, position: position + 1 };
}

export async function unqueueMessage(userId: string, chatId: string, messageId: string): Promise<void> {
  const chat = await requireChat(chatId, userId);
  if (!(await cancelQueuedMessage(chat.id, messageId))) {
    throw new ApiError('not_found', 'That message is not queued any more: it was sent, or taken back.');
  }
}

/**
 * Starts the chat's next queued message as its turn, if the chat is free. Called when a turn
 * ends (its last step, Stop), when a message is queued, and by the reconciler. Safe to call
 * any number of times: the chat is taken in a transaction first.
 */
export async function startNextQueuedTurn(chatId: string): Promise<string | null> {
  const reservation = `${RESERVATION_PREFIX}${randomUUID()}`;
  const taken = await takeNextQueuedTurn(chatId, reservation);
  if (!taken) return null;
  const { runId } = await startTurnRun({
    v: 4,
    chatId,
    userId: taken.userId,
    userMessageId: taken.userMessageId,
    reservation,
    modelId: taken.request.model,
    sessionId: taken.sessionId ?? undefined,
  });
  return runId;
}
