import { unqueueMessage } from '@/lib/chat/queue';
import { refuseOtherMethods, requireSession, route } from '@/lib/http';

type Context = { params: Promise<{ chatId: string; messageId: string }> };

/** Takes back a queued message before its turn starts. */
export const DELETE = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { chatId, messageId } = await params;
  await unqueueMessage(session.userId, chatId, messageId);
  return new Response(null, { status: 204 });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, POST, PUT, PATCH } = refuseOtherMethods('DELETE');
