import { listChatsForUser } from '@/db/queries/chats';
import { requireSession, route } from '@/lib/http';

/** The caller's chats, most recently active first. */
export const GET = route(async (request: Request) => {
  const session = await requireSession(request);
  const chats = await listChatsForUser(session.userId);
  return Response.json({ chats });
});
