import { randomUUID } from 'node:crypto';
import type { UIMessageChunk } from 'ai';
import { start } from 'workflow/api';
import { chatTurn, type ChatTurnInput } from '@/agents/chat-turn';
import { defaultModelId, findModel } from '@/agents/models/registry';
import { createChatIfMissing, isReservation, releaseActiveRun, RESERVATION_PREFIX } from '@/db/queries/chats';
import { beginTurn, recordRunQueued } from '@/db/queries/turns';
import { ensureUser } from '@/db/queries/users';
import { crashPoint } from '@/lib/faults';
import { inSpan, tagActiveSpan } from '@/lib/telemetry/tracing';
import { nameChatInBackground } from './name-chat';
import { checkQuotas } from './quotas';
import { ApiError } from '@/lib/http';
import { reconcileEndedTurn } from './reconcile';
import { withoutRepeatedSteps } from './retried-steps';
import { ensureFinishChunk } from './run-stream';
import { messageText, titleFromMessage, type ChatRequest } from './schemas';

export interface StartedTurn {
  runId: string;
  stream: ReadableStream<UIMessageChunk>;
}

/**
 * Starts one turn of a chat: creates the chat on first use, stores the user's message,
 * reserves the chat (one turn at a time), and starts the workflow run that answers.
 */
export async function startChatTurn(
  userId: string,
  request: ChatRequest,
  options: { rerunOf?: string; sessionId?: string; /** Quotas apply to people's own messages, guests' tighter. */ quotas?: { isGuest: boolean } } = {},
): Promise<StartedTurn> {
  const modelId = requireModel(request.model);

  await ensureUser(userId);
  if (options.quotas) await checkQuotas(userId, request.id, options.quotas.isGuest);
  const firstMessage = messageText(request.message);
  const title = titleFromMessage(firstMessage);
  const created = await createChatIfMissing(request.id, userId, title);
  if (created === 'foreign') throw new ApiError('not_found', 'Chat not found.');
  if (created === 'created') nameChatInBackground({ chatId: request.id, firstMessage, provisionalTitle: title });

  const reservation = `${RESERVATION_PREFIX}${randomUUID()}`;
  const begun = await reserveTurn(request.id, () =>
    beginTurn({
      chatId: request.id,
      userId,
      reservation,
      message: request.message,
      request: { model: modelId, ...(options.rerunOf ? { rerunOf: options.rerunOf } : {}) },
    }),
  );
  if (!begun.ok) {
    if (begun.reason === 'already_answered') {
      throw new ApiError('conflict', 'This message was already answered.', { runId: begun.runId });
    }
    if (begun.reason === 'message_conflict') {
      throw new ApiError('conflict', `Message "${request.message.id}" already exists and is not this chat's newest.`);
    }
    throw chatBusy(begun.activeRunId);
  }

  return runReservedTurn({
    v: 4,
    chatId: request.id,
    userId,
    userMessageId: request.message.id,
    reservation,
    modelId,
    rerunOf: options.rerunOf,
    sessionId: options.sessionId,
  });
}

/** The model a request names, or the default one; 400 for one the registry does not know. */
export function requireModel(requested: string | undefined): string {
  const modelId = requested ?? defaultModelId();
  if (!findModel(modelId)) throw new ApiError('bad_request', `Unknown model "${modelId}".`);
  return modelId;
}

/** Reserves the chat; when a run that already ended still holds it, frees the chat and tries once more. */
export async function reserveTurn<R extends { ok: true } | { ok: false; reason: string }>(chatId: string, attempt: () => Promise<R>): Promise<R> {
  const first = await attempt();
  const busyWith = !first.ok && first.reason === 'busy' ? (first as { activeRunId?: string }).activeRunId : undefined;
  if (busyWith !== undefined && (await reconcileEndedTurn(chatId, busyWith))) return attempt();
  return first;
}

/** 409: the chat answers a message now; names the run when it exists. */
export function chatBusy(activeRunId: string): ApiError {
  return new ApiError('conflict', 'This chat is already answering a message. Wait for it to finish.', {
    activeRunId: isReservation(activeRunId) ? null : activeRunId,
  });
}

/**
 * Starts the run that answers a turn the caller reserved, and returns its stream. When the run
 * cannot start, the chat is freed again (the stored message stays, for Retry).
 */
export async function runReservedTurn(input: ChatTurnInput): Promise<StartedTurn> {
  crashPoint('afterMessageStored');
  let started: Awaited<ReturnType<typeof startTurnRun>>;
  try {
    started = await startTurnRun(input);
  } catch (error) {
    await releaseActiveRun(input.chatId, input.reservation);
    throw error;
  }
  const stream = started.run.getReadable<UIMessageChunk>().pipeThrough(withoutRepeatedSteps()).pipeThrough(ensureFinishChunk());
  return { runId: started.runId, stream };
}

/**
 * Starts the run that answers a reserved turn and records it. The chat route does this
 * right after storing the message; the reconciler does it for a message whose request died
 * in between (the run's first step takes the turn only if no other run took it first).
 */
export async function startTurnRun(input: ChatTurnInput) {
  // The run's spans (each step, each model call) continue this trace through the queue.
  const started = await inSpan('chat.turn.start', { 'chat.id': input.chatId, 'chat.model': input.modelId }, async (span) => {
    const run = await start(chatTurn, [input]);
    span.setAttribute('workflow.run.id', run.runId);
    await recordRunQueued({
      runId: run.runId,
      chatId: input.chatId,
      userId: input.userId,
      userMessageId: input.userMessageId,
      model: input.modelId,
      rerunOf: input.rerunOf,
    });
    return { runId: run.runId, run };
  });
  // The route's own span, so a slow request can be found by its chat or run.
  tagActiveSpan({ 'chat.id': input.chatId, 'workflow.run.id': started.runId });
  return started;
}
