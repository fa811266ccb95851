import { isReservation } from '@/db/queries/chats';
import { finishTurn } from '@/db/queries/turns';
import { isTerminal, workflowRunStatus } from './run-stream';

/**
 * A chat whose active run has already ended (it crashed past its own error handling, or the
 * world lost it) must not stay locked: record the run as ended and free the chat.
 */
export async function reconcileEndedTurn(chatId: string, activeRunId: string): Promise<boolean> {
  if (!activeRunId || isReservation(activeRunId)) return false;
  const status = await workflowRunStatus(activeRunId);
  if (!isTerminal(status)) return false;
  await finishTurn({
    chatId,
    runId: activeRunId,
    status: status === 'cancelled' ? 'cancelled' : 'failed',
    assistantMessage: null,
    error: 'The run ended without storing its answer.',
  });
  return true;
}
