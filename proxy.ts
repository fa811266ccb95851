import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { ENGINE_ROUTE_PREFIX, isAuthenticDelivery } from '@/lib/engine/route-guard';
import { withPagePolicy } from '@/lib/web/page-policy';

/** Pages anyone may see: where people sign in or sign up. */
const PUBLIC_PAGES = new Set(['/sign-in', '/sign-up']);

/**
 * Pages need a session: a visitor without one is sent to sign in (one click continues as a
 * guest), and comes back where they were going. This only looks for the session cookie; the
 * page itself checks the session, and API routes answer 401 on their own. Every page gets its
 * Content-Security-Policy nonce here (lib/web/page-policy.ts).
 */
export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith(ENGINE_ROUTE_PREFIX)) return guardEngineRoute(request);
  if (PUBLIC_PAGES.has(request.nextUrl.pathname) || getSessionCookie(request)) {
    return withPagePolicy(request, (init) => NextResponse.next(init));
  }
  const signIn = new URL('/sign-in', request.url);
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (next !== '/') signIn.searchParams.set('next', next);
  return NextResponse.redirect(signIn);
}

/**
 * The workflow engine's routes take deliveries from the app's own world only (signed, see
 * lib/engine/delivery-signature.ts). Anyone else finds nothing there: the same 404 page as
 * any path that does not exist. Only headers are read; the route needs the body intact.
 */
async function guardEngineRoute(request: NextRequest) {
  if (await isAuthenticDelivery(request)) return NextResponse.next();
  return withPagePolicy(request, (init) => NextResponse.rewrite(new URL('/.well-known/not-found', request.url), init));
}

export const config = {
  // Pages, and the workflow engine's routes (guarded); not API routes or static assets.
  matcher: [
    '/((?!api/|\\.well-known/|_next/|favicon\\.ico|.*\\.(?:png|svg|jpg|ico|txt|webmanifest)$).*)',
    '/.well-known/workflow/:path*',
  ],
};
