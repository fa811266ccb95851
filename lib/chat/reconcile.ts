import { isReservation, startedRunId } from '@/db/queries/chats';
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

/** The run of the chat's running turn, or null; a run that already ended frees the chat first. */
export async function runningTurnOf(chat: { id: string; activeRunId: string | null }): Promise<string | null> {
  const runId = startedRunId(chat);
  return runId && !(await reconcileEndedTurn(chat.id, runId)) ? runId : null;
}
