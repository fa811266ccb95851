/**
 * What every response carries (next.config.ts): no MIME sniffing (a JSON or text body is
 * never run as a script or page), no full URLs leaked to other sites, and no framing.
 */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** API responses are data, never documents: nothing in one may load or run anything. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A page's policy: scripts only from the app and with this response's nonce (Next puts it on
 * its own scripts and the theme script; 'strict-dynamic' lets them load the app's chunks);
 * images, fonts and fetches from the app only, so text in an answer cannot reach another
 * server; no plugins, no framing, forms only to the app. Styles allow inline attributes:
 * React and the markdown renderer set `style`, and a style cannot run code.
 */
export function pageContentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  return [
    "default-src 'self'",
    // Development only: React rebuilds server error stacks with eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh, unguessable nonce for one response (Web Crypto: the proxy may run on the edge). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
