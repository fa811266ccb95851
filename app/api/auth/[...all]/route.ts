import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/lib/auth/auth';
import { isCrossSite } from '@/lib/auth/origin';
import { refuseOtherMethods } from '@/lib/http';

const handlers = toNextJsHandler(async (request) => (await getAuth()).handler(request));

/** Sign-up, sign-in (email and password, or as a guest), sign-out, the session: better-auth's endpoints. */
export const GET = handlers.GET;

/** Also refuses posts from other sites (better-auth checks the origin only when a session cookie is sent). */
export async function POST(request: Request): Promise<Response> {
  if (isCrossSite(request)) {
    return Response.json({ error: { code: 'forbidden', message: 'Requests from other sites are not accepted.' } }, { status: 403 });
  }
  return handlers.POST(request);
}

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { PUT, PATCH, DELETE } = refuseOtherMethods('GET', 'POST');
