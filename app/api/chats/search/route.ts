import { searchChats } from '@/lib/chat/chat-records';
import { chatSearchQuerySchema } from '@/lib/chat/schemas';
import type { ChatSearchResponse } from '@/lib/chat/types';
import { readSearchParams, requireSession, refuseOtherMethods, route } from '@/lib/http';

/** The caller's chats whose title or messages match `?q=`, most recently active first, with a snippet. */
export const GET = route(async (request: Request) => {
  const session = await requireSession(request);
  const { q } = readSearchParams(request, chatSearchQuerySchema);
  return Response.json({ query: q, chats: await searchChats(session.userId, q) } satisfies ChatSearchResponse);
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
