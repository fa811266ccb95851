import { NextResponse, type NextRequest } from 'next/server';
import {
  newGuestSession,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
  signSession,
  verifySession,
} from '@/lib/auth/session';
import { ENGINE_ROUTE_PREFIX, isAuthenticDelivery } from '@/lib/engine/route-guard';

/**
 * The first visit to any page gives the browser a guest identity: a signed, httpOnly
 * session cookie. API routes never mint sessions; they answer 401 without one.
 */
export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith(ENGINE_ROUTE_PREFIX)) return guardEngineRoute(request);
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

/**
 * The workflow engine's routes take deliveries from the app's own world only (signed, see
 * lib/engine/delivery-signature.ts). Anyone else finds nothing there: the same 404 page as
 * any path that does not exist. Only headers are read; the route needs the body intact.
 */
async function guardEngineRoute(request: NextRequest) {
  if (await isAuthenticDelivery(request)) return NextResponse.next();
  return NextResponse.rewrite(new URL('/.well-known/not-found', request.url));
}

export const config = {
  // Pages, and the workflow engine's routes (guarded); not API routes or static assets.
  matcher: [
    '/((?!api/|\\.well-known/|_next/|favicon\\.ico|.*\\.(?:png|svg|jpg|ico|txt|webmanifest)$).*)',
    '/.well-known/workflow/:path*',
  ],
};
