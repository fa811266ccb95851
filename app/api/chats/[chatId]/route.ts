import { deleteChat, getChatWithMessages } from '@/lib/chat/chat-records';
import { refuseOtherMethods, requireSession, route } from '@/lib/http';

type Context = { params: Promise<{ chatId: string }> };

/** One of the caller's chats with its stored messages. */
export const GET = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { chatId } = await params;
  return Response.json(await getChatWithMessages(chatId, session.userId));
});

/** Deletes one of the caller's chats; a turn still running is cancelled first. */
export const DELETE = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { chatId } = await params;
  await deleteChat(chatId, session.userId);
  return new Response(null, { status: 204 });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH } = refuseOtherMethods('GET', 'DELETE');
