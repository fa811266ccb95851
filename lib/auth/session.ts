import type { Role } from '@/db/schema';
import { getAuth } from './auth';

/** Who is calling: the app's view of a better-auth session. */
export interface Session {
  userId: string;
  sessionId: string;
  /** How the app names them: "Ada Lovelace", "Guest 7F3A". */
  name: string;
  role: Role;
  /** A one-click guest: an agent with tighter limits, who can sign up and keep their chats. */
  isGuest: boolean;
}

/** The session a request's cookies carry, or null for none, an expired or a forged one. */
export async function sessionFromHeaders(headers: Headers): Promise<Session | null> {
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers }).catch(() => null);
  if (!found) return null;
  const user = found.user as typeof found.user & { role?: string; isAnonymous?: boolean | null };
  return {
    userId: user.id,
    sessionId: found.session.id,
    name: user.name,
    role: (['agent', 'approver', 'admin'] as const).find((r) => r === user.role) ?? 'agent',
    isGuest: Boolean(user.isAnonymous),
  };
}
