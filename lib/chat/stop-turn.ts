import { getRun } from 'workflow/api';
import { EntityConflictError } from 'workflow/internal/errors';
import { getWorld } from 'workflow/runtime';
import { cancelPendingApprovalsOfRun } from '@/db/queries/approvals';
import { finishTurn } from '@/db/queries/turns';
import { abortRunLocally } from './cancellation';
import { assembleMessage, readWrittenChunks, turnActivity } from './run-stream';
import { assistantMessageIdOf, type ChatMessage } from './types';

/** Why a turn ends early, in the words its waiting requests and its run record keep. */
const WHY = {
  stopped: { approvals: 'The turn was stopped before anyone decided.', run: 'Stopped by the user.' },
  deleted: { approvals: 'The chat was deleted before anyone decided.', run: 'The chat was deleted.' },
} as const;

/** Time for an aborted model call to flush its last buffered chunks into the stream. */
const SETTLE_MS = 60;

/**
 * Cancels a run for good (no more steps) and aborts its model call in flight. False when
 * the run had already ended: the world refuses to cancel a finished run.
 */
async function cancelRun(runId: string): Promise<boolean> {
  try {
    await getRun(runId).cancel();
  } catch (error) {
    if (EntityConflictError.is(error)) return false;
    throw error;
  }
  if (abortRunLocally(runId) > 0) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return true;
}

async function closeStreams(runId: string): Promise<void> {
  const world = getWorld();
  const names = await world.listStreamsByRunId(runId);
  await Promise.all(names.map((name) => world.closeStream(name, runId).catch(() => {})));
}

/**
 * Stop, as a person asks for it in the chat (or by deleting the chat): cancel the run, store
 * the partial answer marked stopped (and close its stream, so every reader gets `finish`),
 * cancel approvals it was waiting for, free the chat for the next message. Null when the run
 * ended first.
 */
export async function stopTurn(
  chatId: string,
  runId: string,
  by?: { userId: string; sessionId: string },
  why: keyof typeof WHY = 'stopped',
): Promise<ChatMessage | null> {
  if (!(await cancelRun(runId))) return null;
  const chunks = await readWrittenChunks(runId);
  const closed = new Map((await cancelPendingApprovalsOfRun(runId, WHY[why].approvals, by)).map((view) => [view.approvalId, view]));
  const partial = await assembleMessage(chunks);
  const answer: ChatMessage = {
    id: assistantMessageIdOf(runId),
    role: 'assistant',
    // A card that was waiting shows how it ended.
    parts: (partial?.parts ?? []).map((part) =>
      part.type === 'data-approval' && closed.has(part.data.approvalId) ? { ...part, data: closed.get(part.data.approvalId)! } : part,
    ),
    metadata: { ...partial?.metadata, status: 'cancelled' },
  };
  await finishTurn({
    chatId,
    runId,
    status: 'cancelled',
    assistantMessage: answer,
    error: WHY[why].run,
    activity: turnActivity(chunks),
  });
  await closeStreams(runId);
  const { startNextQueuedTurn } = await import('./queue');
  await startNextQueuedTurn(chatId).catch((error: unknown) => console.warn('[queue] could not start the next queued message', error));
  return answer;
}
