import { queueMessage } from '@/lib/chat/queue';
import { queueRequestSchema } from '@/lib/chat/schemas';
import { readJsonBody, refuseOtherMethods, requireSession, route } from '@/lib/http';

type Context = { params: Promise<{ chatId: string }> };

/** Queues a message for after the chat's current turn (it starts at once if the chat is free). */
export const POST = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { chatId } = await params;
  const body = await readJsonBody(request, queueRequestSchema);
  const queued = await queueMessage(session, { id: chatId, message: body.message, model: body.model });
  return Response.json({ queued }, { status: 202 });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
