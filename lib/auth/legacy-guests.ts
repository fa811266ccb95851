import type { BetterAuthPlugin } from 'better-auth';
import { createAuthEndpoint } from 'better-auth/api';
import { setSessionCookie } from 'better-auth/cookies';
import { jwtVerify } from 'jose';

/** The cookie guests had before accounts: an HS256 JWT signed with AUTH_SECRET, `sub` = user id. */
export const LEGACY_GUEST_COOKIE = 'session';

/**
 * Guests from before accounts existed carry only that cookie; their chats belong to their user
 * id. This endpoint turns a valid one into a session of today's kind for the same user, once,
 * so they find their chats again instead of starting over as a new guest.
 */
export function legacyGuestSessions(secret: Uint8Array) {
  return {
    id: 'legacy-guest-sessions',
    endpoints: {
      resumeLegacyGuest: createAuthEndpoint('/sign-in/legacy-guest', { method: 'POST' }, async (ctx) => {
        const token = ctx.getCookie(LEGACY_GUEST_COOKIE);
        const userId = token ? await legacyGuestId(token, secret) : null;
        const user = userId ? await ctx.context.internalAdapter.findUserById(userId) : null;
        if (!user) return ctx.json({ resumed: false });
        const session = await ctx.context.internalAdapter.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        ctx.setCookie(LEGACY_GUEST_COOKIE, '', { maxAge: 0, path: '/' });
        return ctx.json({ resumed: true });
      }),
    },
  } satisfies BetterAuthPlugin;
}

async function legacyGuestId(token: string, secret: Uint8Array): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    return payload.kind === 'guest' && typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
