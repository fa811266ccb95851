import { getChatForUser, isReservation } from '@/db/queries/chats';
import { getRunForUser } from '@/db/queries/runs';
import { ApiError } from '@/lib/http';
import { isUuid } from './schemas';
import { reconcileEndedTurn } from './reconcile';

/**
 * Which run a reconnect reads: for a chat id, the chat's running turn (null when none);
 * for a run id, that run. Both must be the caller's, else 404.
 */
export async function resolveStreamTarget(id: string, userId: string): Promise<string | null> {
  if (isUuid(id)) {
    const chat = await getChatForUser(id, userId);
    if (!chat) throw new ApiError('not_found', 'Chat not found.');
    const active = chat.activeRunId;
    if (!active || isReservation(active)) return null;
    if (await reconcileEndedTurn(chat.id, active)) return null;
    return active;
  }
  const run = await getRunForUser(id, userId);
  if (!run) throw new ApiError('not_found', 'Run not found.');
  return run.id;
}
