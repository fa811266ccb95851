import { getRunForViewer } from '@/db/queries/runs';
import type { Viewer } from '@/lib/auth/permissions';
import { ApiError } from '@/lib/http';
import { requireChat } from './chat-records';
import { runningTurnOf } from './reconcile';
import { isUuid } from './schemas';

/**
 * Which run a reconnect reads: for a chat id, the chat's running turn (null when none);
 * for a run id, that run. The chat must be the caller's, the run one they may see (an
 * admin replays anyone's on its run page), else 404.
 */
export async function resolveStreamTarget(id: string, viewer: Viewer): Promise<string | null> {
  if (isUuid(id)) return runningTurnOf(await requireChat(id, viewer.userId));
  const run = await getRunForViewer(id, viewer);
  if (!run) throw new ApiError('not_found', 'Run not found.');
  return run.id;
}
