import { createUIMessageStreamResponse } from 'ai';
import { chatRequestSchema } from '@/lib/chat/schemas';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { readJsonBody, refuseOtherMethods, requireSession, route } from '@/lib/http';

/** Sends a user message: stores it, starts the turn's run, and streams the answer. */
export const POST = route(async (request: Request) => {
  const session = await requireSession(request);
  const body = await readJsonBody(request, chatRequestSchema);
  const { runId, stream } = await startChatTurn(session.userId, body, { sessionId: session.sessionId, quotas: { isGuest: session.isGuest } });
  return createUIMessageStreamResponse({ stream, headers: { 'x-workflow-run-id': runId } });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
