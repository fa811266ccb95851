import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from './same-origin-json';

const request = (method: string, headers: Record<string, string> = {}, body?: string) =>
  new Request('http://localhost:3000/api/chat', { method, headers, body });

describe('crossSiteRefusal', () => {
  it('lets safe methods through whatever their origin', () => {
    expect(crossSiteRefusal(request('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))).toBeNull();
  });

  it('refuses a post from another site, JSON or not', () => {
    expect(crossSiteRefusal(request('POST', { origin: 'https://evil.example', 'content-type': 'application/json' }, '{}'))).toMatch(/other sites/);
    expect(crossSiteRefusal(request('POST', { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'))).toMatch(/other sites/);
    expect(crossSiteRefusal(request('DELETE', { 'sec-fetch-site': 'same-site' }))).toMatch(/other sites/);
  });

  it('refuses a body that is not JSON, even without an origin', () => {
    expect(crossSiteRefusal(request('POST', {}, 'hello'))).toMatch(/only as JSON/); // fetch labels a string text/plain
    expect(crossSiteRefusal(request('POST', { 'content-type': 'text/plain' }))).toMatch(/only as JSON/);
    expect(crossSiteRefusal(request('POST', { 'content-type': 'multipart/form-data; boundary=x' }))).toMatch(/only as JSON/);
    expect(crossSiteRefusal(new Request('http://localhost:3000/api/chat', { method: 'POST', headers: { 'content-length': '5' } }))).toMatch(/only as JSON/);
  });

  it('takes JSON from the same origin, from a server without an origin, and a post with no body', () => {
    expect(crossSiteRefusal(request('POST', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' }, '{}'))).toBeNull();
    expect(crossSiteRefusal(request('POST', { 'content-type': 'application/json' }, '{}'))).toBeNull();
    expect(crossSiteRefusal(request('POST', { origin: 'http://localhost:3000', 'content-length': '0' }))).toBeNull();
    expect(crossSiteRefusal(request('DELETE'))).toBeNull();
  });

  it('reads the origin a proxy forwarded', () => {
    const behindProxy = { origin: 'https://shop.example', 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'https', 'content-type': 'application/json' };
    expect(crossSiteRefusal(request('POST', behindProxy, '{}'))).toBeNull();
  });
});
