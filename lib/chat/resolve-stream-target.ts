import { getRunForUser } from '@/db/queries/runs';
import { ApiError } from '@/lib/http';
import { requireChat } from './chat-records';
import { runningTurnOf } from './reconcile';
import { isUuid } from './schemas';

/**
 * Which run a reconnect reads: for a chat id, the chat's running turn (null when none);
 * for a run id, that run. Both must be the caller's, else 404.
 */
export async function resolveStreamTarget(id: string, userId: string): Promise<string | null> {
  if (isUuid(id)) return runningTurnOf(await requireChat(id, userId));
  const run = await getRunForUser(id, userId);
  if (!run) throw new ApiError('not_found', 'Run not found.');
  return run.id;
}
