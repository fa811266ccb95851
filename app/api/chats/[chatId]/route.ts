import { deleteChat, getChatWithMessages, renameChat } from '@/lib/chat/chat-records';
import { renameChatRequestSchema } from '@/lib/chat/schemas';
import type { RenameChatResponse } from '@/lib/chat/types';
import { readJsonBody, refuseOtherMethods, requireSession, route } from '@/lib/http';

type Context = { params: Promise<{ chatId: string }> };

/** One of the caller's chats with its stored messages. */
export const GET = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { chatId } = await params;
  return Response.json(await getChatWithMessages(chatId, session.userId));
});

/** Renames one of the caller's chats: `{ title }`, trimmed, 1–100 characters. */
export const PATCH = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { chatId } = await params;
  const { title } = await readJsonBody(request, renameChatRequestSchema);
  return Response.json({ chat: await renameChat(chatId, session.userId, title) } satisfies RenameChatResponse);
});

/** Deletes one of the caller's chats; a turn still running is stopped first (lib/chat/chat-records.ts). */
export const DELETE = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { chatId } = await params;
  await deleteChat(chatId, session);
  return new Response(null, { status: 204 });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT } = refuseOtherMethods('GET', 'PATCH', 'DELETE');
