import { listChatsForUser } from '@/db/queries/chats';
import { refuseOtherMethods, requireSession, route } from '@/lib/http';

/** The caller's chats, most recently active first. */
export const GET = route(async (request: Request) => {
  const session = await requireSession(request);
  const chats = await listChatsForUser(session.userId);
  return Response.json({ chats });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
