import { listChats } from '@/lib/chat/chat-records';
import type { ChatListResponse } from '@/lib/chat/types';
import { refuseOtherMethods, requireSession, route } from '@/lib/http';

/** The caller's chats, most recently active first. */
export const GET = route(async (request: Request) => {
  const session = await requireSession(request);
  return Response.json({ chats: await listChats(session.userId) } satisfies ChatListResponse);
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
