import { NextResponse } from 'next/server';
import { newNonce, pageContentSecurityPolicy } from './security-headers';

type ResponseInit = { request: { headers: Headers } };

/**
 * Answers a page request with a fresh Content-Security-Policy nonce: in the request's headers,
 * where Next reads it to put it on its scripts (and the layout on the theme script), and in the
 * response's. Only dynamic rendering can do that, so the root layout reads the request.
 */
export function withPagePolicy(request: Request, respond: (init: ResponseInit) => NextResponse): NextResponse {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = respond({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}
