import { isCrossSite } from '@/lib/auth/origin';

/** Methods that change nothing, so a page on another site gains nothing by sending them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request must be refused, or null when it may go on. A page on another
 * site can make a browser send a form post or a `text/plain` fetch with the person's cookies
 * and no preflight; only JSON from the app's own origin is taken. Requests with neither
 * `Origin` nor `Sec-Fetch-Site` (server to server, tests, the bench) are not cross-site, but
 * they too must send their body as JSON.
 */
export function crossSiteRefusal(request: Request): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (isCrossSite(request)) return 'Requests from other sites are not accepted.';
  const contentType = request.headers.get('content-type');
  const notJson = contentType === null ? hasBody(request) : !isJsonContentType(contentType);
  if (notJson) return 'This API takes request bodies only as JSON (content-type: application/json).';
  return null;
}

export function isJsonContentType(value: string): boolean {
  return value.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Browsers and fetch send a length (0 for no body); a streamed body is chunked. */
function hasBody(request: Request): boolean {
  return Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');
}
