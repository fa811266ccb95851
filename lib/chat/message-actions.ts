import { randomUUID } from 'node:crypto';
import { RESERVATION_PREFIX } from '@/db/queries/chats';
import { beginEdit, beginRegeneration, type ReplaceTurnResult } from '@/db/queries/replacements';
import { ApiError } from '@/lib/http';
import { requireChat } from './chat-records';
import { checkQuotas } from './quotas';
import type { ChatPost } from './schemas';
import { chatBusy, requireModel, reserveTurn, runReservedTurn, type StartedTurn } from './start-chat-turn';

interface ActionOptions {
  sessionId?: string;
  /** Quotas apply to people's own requests, guests' tighter. */
  quotas?: { isGuest: boolean };
}

/**
 * Regenerate: a new run answers the chat's newest user message again. The answer it replaces
 * stays stored (the chat shows it as an earlier answer; its run stays in run review).
 */
export async function regenerateAnswer(userId: string, request: Extract<ChatPost, { kind: 'regenerate' }>, options: ActionOptions = {}): Promise<StartedTurn> {
  const modelId = requireModel(request.model);
  const chat = await requireChat(request.id, userId);
  if (options.quotas) await checkQuotas(userId, chat.id, options.quotas.isGuest);
  const reservation = `${RESERVATION_PREFIX}${randomUUID()}`;
  const begun = await reserveTurn(chat.id, () =>
    beginRegeneration({ chatId: chat.id, userId, reservation, answerId: request.answerId, request: { model: modelId } }),
  );
  const { userMessageId, replacedRunId } = okOrThrow(begun, request.answerId);
  return runReservedTurn({
    v: 4,
    chatId: chat.id,
    userId,
    userMessageId,
    reservation,
    modelId,
    rerunOf: replacedRunId ?? undefined,
    sessionId: options.sessionId,
  });
}

/**
 * Edit and resend: the edited text is sent as a new message in place of the one edited; that
 * message and the turns after it leave the chat (their runs stay in run review).
 */
export async function editAndResend(userId: string, request: Extract<ChatPost, { kind: 'edit' }>, options: ActionOptions = {}): Promise<StartedTurn> {
  const modelId = requireModel(request.model);
  const chat = await requireChat(request.id, userId);
  if (options.quotas) await checkQuotas(userId, chat.id, options.quotas.isGuest);
  const reservation = `${RESERVATION_PREFIX}${randomUUID()}`;
  const begun = await reserveTurn(chat.id, () =>
    beginEdit({ chatId: chat.id, userId, reservation, editedId: request.editedId, message: request.message, request: { model: modelId } }),
  );
  const { userMessageId } = okOrThrow(begun, request.editedId, request.message.id);
  return runReservedTurn({ v: 4, chatId: chat.id, userId, userMessageId, reservation, modelId, sessionId: options.sessionId });
}

function okOrThrow(result: ReplaceTurnResult, targetId: string, newMessageId?: string): Extract<ReplaceTurnResult, { ok: true }> {
  if (result.ok) return result;
  switch (result.reason) {
    case 'not_found':
      throw new ApiError('not_found', `Message "${targetId}" not found in this chat.`);
    case 'not_newest':
      throw new ApiError('conflict', 'Only the newest answer can be regenerated: the turns after it were answered knowing it.');
    case 'already_replaced':
      throw new ApiError('conflict', `Message "${targetId}" was already replaced by a newer version.`);
    case 'message_conflict':
      throw new ApiError('conflict', `Message "${newMessageId}" already exists.`);
    case 'busy':
      throw chatBusy(result.activeRunId);
  }
}
