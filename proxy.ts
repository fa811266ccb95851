import { NextResponse, type NextRequest } from 'next/server';
import {
  newGuestSession,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
  signSession,
  verifySession,
} from '@/lib/auth/session';

/**
 * The first visit to any page gives the browser a guest identity: a signed, httpOnly
 * session cookie. API routes never mint sessions; they answer 401 without one.
 */
export async function proxy(request: NextRequest) {
  const current = request.cookies.get(SESSION_COOKIE)?.value;
  if (await verifySession(current)) return NextResponse.next();

  const token = await signSession(newGuestSession());
  // Let this very request's server components see the new session too.
  request.cookies.set(SESSION_COOKIE, token);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.nextUrl.protocol === 'https:',
    path: '/',
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return response;
}

export const config = {
  // Pages only: not API routes, the workflow runtime's own endpoints, or static assets.
  matcher: ['/((?!api/|\\.well-known/|_next/|favicon\\.ico|.*\\.(?:png|svg|jpg|ico|txt|webmanifest)$).*)'],
};
