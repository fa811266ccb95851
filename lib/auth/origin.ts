/**
 * True for a request a browser sent from another site: its `Sec-Fetch-Site` says so, or its
 * `Origin` is not the origin the app was reached at (behind a proxy: `X-Forwarded-Host` and
 * `-Proto`). Requests without either (curl, server to server) are not cross-site.
 */
export function isCrossSite(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  return origin !== requestOrigin(request);
}

/** The origin a browser used to reach the app. */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const protocol = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${protocol}://${host}`;
}
