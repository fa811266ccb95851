import { getChatForUser, isReservation } from '@/db/queries/chats';
import { reconcileEndedTurn } from '@/lib/chat/reconcile';
import { isUuid } from '@/lib/chat/schemas';
import { stopTurn } from '@/lib/chat/stop-turn';
import { ApiError, requireSession, route } from '@/lib/http';

/** Stops the chat's running turn: the run is cancelled and the partial answer stored, marked stopped. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const session = await requireSession(request);
  const { id } = await params;
  const chat = isUuid(id) ? await getChatForUser(id, session.userId) : null;
  if (!chat) throw new ApiError('not_found', 'Chat not found.');
  const runId = chat.activeRunId;
  const nothingRunning = () => new ApiError('conflict', 'Nothing is running in this chat.');
  if (!runId || isReservation(runId) || (await reconcileEndedTurn(chat.id, runId))) throw nothingRunning();
  const message = await stopTurn(chat.id, runId);
  if (!message) throw nothingRunning(); // it finished in the meantime; its own step stores the answer
  return Response.json({ runId, message });
});
