import { NextResponse } from 'next/server';
import { describe, expect, it } from 'vitest';
import { withPagePolicy } from './page-policy';
import { pageContentSecurityPolicy } from './security-headers';

describe('the page policy', () => {
  it('allows scripts only with the nonce, and nothing from other servers', () => {
    const policy = pageContentSecurityPolicy('abc', { development: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:|\*/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(pageContentSecurityPolicy('abc', { development: true })).toContain("'unsafe-eval'");
  });

  it('gives each response its own nonce, in the policy Next reads from the request and in the response', () => {
    const respond = () => withPagePolicy(new Request('http://localhost/chat/1'), (init) => NextResponse.next(init));
    const [first, second] = [respond(), respond()];
    const nonce = /'nonce-([^']+)'/.exec(first.headers.get('content-security-policy')!)![1]!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(first.headers.get('content-security-policy'));
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);
  });
});
