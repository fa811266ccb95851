import { defaultModelId } from '@/agents/models/registry';
import { isReservation, releaseActiveRun, startedRunId } from '@/db/queries/chats';
import { failReservedTurn, finishTurn, listReservedTurns } from '@/db/queries/turns';
import { isTerminal, workflowRunStatus } from './run-stream';
import { startTurnRun } from './start-chat-turn';

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

export type OrphanOutcome = { chatId: string } & ({ started: string } | { failed: string } | { released: true });

/**
 * Turns whose chat request died between storing the message and starting the run (a kill,
 * a lost connection to the world): the chat stays reserved and the message unanswered. For
 * each reservation older than `reservedBefore`: no run yet → start one (its first step takes
 * the turn, unless the original request's run got there first); a run that ended without
 * ever taking the turn → a failed answer the person can retry; a run still on its way →
 * leave it; no message → free the chat.
 */
export async function startOrphanedTurns(reservedBefore: Date): Promise<OrphanOutcome[]> {
  const outcomes: OrphanOutcome[] = [];
  for (const turn of await listReservedTurns(reservedBefore)) {
    const { chatId, message } = turn;
    if (!message) {
      if (await releaseActiveRun(chatId, turn.reservation)) outcomes.push({ chatId, released: true });
      continue;
    }
    if (message.runId) {
      const status = await workflowRunStatus(message.runId);
      if (!isTerminal(status)) continue;
      const error = 'The answer could not start. Try again.';
      if (await failReservedTurn({ chatId, reservation: turn.reservation, runId: message.runId, error })) {
        outcomes.push({ chatId, failed: message.runId });
      }
      continue;
    }
    try {
      const { runId } = await startTurnRun({
        v: 4,
        chatId,
        userId: turn.userId,
        userMessageId: message.id,
        reservation: turn.reservation,
        modelId: message.request.model ?? defaultModelId(),
        rerunOf: message.request.rerunOf,
      });
      outcomes.push({ chatId, started: runId });
    } catch (error) {
      console.warn(`[reconciler] could not start the turn of chat ${chatId}; next sweep`, error);
    }
  }
  return outcomes;
}
