import { requestOrigin } from './origin';

/**
 * Marks every cookie Secure when the browser reached the app over HTTPS (directly, or through
 * a proxy that says so in `X-Forwarded-Proto`). better-auth decides once per process: Secure
 * in production or when BETTER_AUTH_URL is https; a development server behind an HTTPS proxy
 * would send the session cookie without it.
 */
export function secureCookiesOverHttps(request: Request, response: Response): Response {
  const cookies = response.headers.getSetCookie();
  if (!requestOrigin(request).startsWith('https://') || cookies.every(isSecure)) return response;
  const headers = new Headers(response.headers);
  headers.delete('set-cookie');
  for (const cookie of cookies) headers.append('set-cookie', isSecure(cookie) ? cookie : `${cookie}; Secure`);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const isSecure = (cookie: string) => /;\s*secure\s*(;|$)/i.test(cookie);
