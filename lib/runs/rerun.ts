import { listChatMessages } from '@/db/queries/messages';
import { getRunForViewer } from '@/db/queries/runs';
import type { Viewer } from '@/lib/auth/permissions';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { ApiError } from '@/lib/http';

/**
 * Runs a failed (or stopped) turn again: a new run with the same message and model, linked to
 * the old one. Like the chat's Retry, it replaces the answer, so only the chat's newest
 * message can be re-run.
 */
export async function rerun(viewer: Viewer, runId: string): Promise<{ runId: string; chatId: string }> {
  const run = await getRunForViewer(runId, viewer);
  if (!run) throw new ApiError('not_found', 'Run not found.');
  if (run.userId !== viewer.userId) throw new ApiError('forbidden', 'Only the person whose chat this is can re-run its turn.');
  const userId = viewer.userId;
  if (run.status !== 'failed' && run.status !== 'cancelled') {
    throw new ApiError('conflict', `Only a failed or stopped run can be re-run; this one is ${run.status}.`);
  }
  const message = (await listChatMessages(run.chatId)).find((m) => m.id === run.userMessageId);
  if (!message) throw new ApiError('conflict', 'The message this run answered is gone.');
  try {
    const started = await startChatTurn(
      userId,
      { id: run.chatId, message: { id: message.id, role: 'user', parts: message.parts as { type: 'text'; text: string }[] }, model: run.model },
      { rerunOf: run.id },
    );
    // Nobody reads this response's stream; the chat and the run page reconnect on their own.
    await started.stream.cancel();
    return { runId: started.runId, chatId: run.chatId };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'conflict' && /already exists/.test(error.message)) {
      throw new ApiError('conflict', 'Only the newest message of a chat can be re-run: later messages depend on this answer.');
    }
    throw error;
  }
}
