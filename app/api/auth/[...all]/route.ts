import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/lib/auth/auth';
import { isCrossSite } from '@/lib/auth/origin';
import { secureCookiesOverHttps } from '@/lib/auth/secure-cookies';
import { refuseOtherMethods } from '@/lib/http';

const handlers = toNextJsHandler(async (request) => (await getAuth()).handler(request));

/**
 * Sign-up, sign-in (email and password, or as a guest), sign-out, the session: better-auth's
 * endpoints. Its cookies are HttpOnly and SameSite=Lax, and Secure over HTTPS.
 */
export async function GET(request: Request): Promise<Response> {
  return secureCookiesOverHttps(request, await handlers.GET(request));
}

/** Also refuses posts from other sites (better-auth checks the origin only when a session cookie is sent). */
export async function POST(request: Request): Promise<Response> {
  if (isCrossSite(request)) {
    return Response.json({ error: { code: 'forbidden', message: 'Requests from other sites are not accepted.' } }, { status: 403 });
  }
  return secureCookiesOverHttps(request, await handlers.POST(request));
}

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { PUT, PATCH, DELETE } = refuseOtherMethods('GET', 'POST');
