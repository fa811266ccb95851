import { convertToModelMessages, isToolUIPart, type ModelMessage, type UIMessageChunk } from 'ai';
import { FatalError } from 'workflow';
import { listChatMessages } from '@/db/queries/messages';
import { claimChatForRun, finishTurn } from '@/db/queries/turns';
import { assembleMessage, readWrittenChunks, turnActivity } from '@/lib/chat/run-stream';
import type { ChatMessage, ChatMessageMetadata } from '@/lib/chat/types';
import type { ChatTurnInput } from './chat-turn';

export interface Turn extends ChatTurnInput {
  runId: string;
  assistantMessageId: string;
}

async function write(writable: WritableStream<UIMessageChunk>, chunks: UIMessageChunk[], close = false) {
  const writer = writable.getWriter();
  try {
    for (const chunk of chunks) await writer.write(chunk);
  } finally {
    writer.releaseLock();
  }
  if (close) await writable.close();
}

/** Why a run ended without answering: it was not the chat's turn to take (see `claimChatForRun`). */
export const TURN_NOT_TAKEN = 'This run did not answer: ';

/**
 * Claims the chat for this run, opens the assistant message, and returns the history as
 * model messages. The claim checks the run's input against the database first: a run
 * started for a chat or message that is not its user's, or for a turn another run already
 * took, ends here (a FatalError; `failTurn` then writes nothing into the chat).
 */
export async function startTurn(turn: Turn, writable: WritableStream<UIMessageChunk>): Promise<ModelMessage[]> {
  'use step';
  const claim = await claimChatForRun({
    runId: turn.runId,
    chatId: turn.chatId,
    userId: turn.userId,
    userMessageId: turn.userMessageId,
    model: turn.modelId,
    reservation: turn.reservation,
    rerunOf: turn.rerunOf,
  });
  if (claim.outcome === 'refused') throw new FatalError(`${TURN_NOT_TAKEN}refused: ${claim.reason}.`);
  if (claim.outcome === 'superseded') throw new FatalError(`${TURN_NOT_TAKEN}another run answered this message.`);
  const history = await listChatMessages(turn.chatId);
  const metadata: ChatMessageMetadata = {
    runId: turn.runId,
    model: turn.modelId,
    status: 'running',
    createdAt: new Date().toISOString(),
  };
  await write(writable, [{ type: 'start', messageId: turn.assistantMessageId, messageMetadata: metadata }]);
  // A failed turn may have stored an empty answer: it says nothing to the model.
  const said = history.filter((m) => m.parts.some((p) => (p.type === 'text' && p.text.trim()) || isToolUIPart(p)));
  return convertToModelMessages(
    said.map(({ id: _id, metadata: _metadata, ...message }) => message),
    { ignoreIncompleteToolCalls: true },
  );
}

/**
 * The chat's next queued message, if any, becomes the next turn now that this one is over. A
 * failure here is the reconciler's to finish (a free chat with queued messages); the answer
 * this step stored stands either way.
 */
async function startQueuedTurn(chatId: string): Promise<void> {
  try {
    const { startNextQueuedTurn } = await import('@/lib/chat/queue');
    await startNextQueuedTurn(chatId);
  } catch (error) {
    console.warn(`[queue] could not start the next queued message of chat ${chatId}; the reconciler will`, error);
  }
}

/** The answer as the browser saw it, rebuilt from the run's own stream, and what the turn did. */
async function assembleAnswer(turn: Turn, metadata: ChatMessageMetadata) {
  const chunks = await readWrittenChunks(turn.runId);
  const message = await assembleMessage(chunks);
  const answer: ChatMessage = {
    id: turn.assistantMessageId,
    role: 'assistant',
    parts: message?.parts ?? [],
    metadata: { ...message?.metadata, ...metadata },
  };
  return { answer, activity: turnActivity(chunks) };
}

/** Stores the answer and releases the chat, then tells the browser the turn is over. */
export async function completeTurn(
  turn: Turn,
  usage: { inputTokens: number; outputTokens: number },
  writable: WritableStream<UIMessageChunk>,
): Promise<void> {
  'use step';
  const metadata: ChatMessageMetadata = { status: 'completed', usage };
  const { answer, activity } = await assembleAnswer(turn, metadata);
  await finishTurn({ chatId: turn.chatId, runId: turn.runId, status: 'completed', assistantMessage: answer, usage, activity });
  await write(writable, [{ type: 'finish', finishReason: 'stop', messageMetadata: metadata }], true);
  await startQueuedTurn(turn.chatId);
}

/** Stores whatever was answered before the failure, records the error, and ends the stream. */
export async function failTurn(turn: Turn, error: string, writable: WritableStream<UIMessageChunk>): Promise<void> {
  'use step';
  const metadata: ChatMessageMetadata = { status: 'failed', error };
  const { answer, activity } = await assembleAnswer(turn, metadata);
  await finishTurn({ chatId: turn.chatId, runId: turn.runId, status: 'failed', assistantMessage: answer, error, activity });
  await write(
    writable,
    [
      { type: 'error', errorText: error },
      { type: 'finish', finishReason: 'error', messageMetadata: metadata },
    ],
    true,
  );
  await startQueuedTurn(turn.chatId);
}
