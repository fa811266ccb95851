import { requireChat } from '@/lib/chat/chat-records';
import { runningTurnOf } from '@/lib/chat/reconcile';
import { stopTurn } from '@/lib/chat/stop-turn';
import { ApiError, refuseOtherMethods, requireSession, route } from '@/lib/http';

/** Stops the chat's running turn: the run is cancelled and the partial answer stored, marked stopped. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const session = await requireSession(request);
  const chat = await requireChat((await params).id, session.userId);
  const nothingRunning = () => new ApiError('conflict', 'Nothing is running in this chat.');
  const runId = await runningTurnOf(chat);
  if (!runId) throw nothingRunning();
  const message = await stopTurn(chat.id, runId, { userId: session.userId, sessionId: session.sessionId });
  if (!message) throw nothingRunning(); // it finished in the meantime; its own step stores the answer
  return Response.json({ runId, message });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
