import { createUIMessageStreamResponse } from 'ai';
import { editAndResend, regenerateAnswer } from '@/lib/chat/message-actions';
import { chatPostSchema } from '@/lib/chat/schemas';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { readJsonBody, refuseOtherMethods, requireSession, route } from '@/lib/http';

/** Sends a user message (or regenerates the newest answer, or resends an edited message): stores it, starts the turn's run, and streams the answer. */
export const POST = route(async (request: Request) => {
  const session = await requireSession(request);
  const body = await readJsonBody(request, chatPostSchema);
  const options = { sessionId: session.sessionId, quotas: { isGuest: session.isGuest } };
  const { runId, stream } =
    body.kind === 'regenerate'
      ? await regenerateAnswer(session.userId, body, options)
      : body.kind === 'edit'
        ? await editAndResend(session.userId, body, options)
        : await startChatTurn(session.userId, body, options);
  return createUIMessageStreamResponse({ stream, headers: { 'x-workflow-run-id': runId } });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
