import { describe, expect, it } from 'vitest';
import { isMethodRefusal, refuseOtherMethods } from './methods';

describe('refuseOtherMethods', () => {
  it('answers every other method 405 with a JSON error and the Allow header', async () => {
    const handlers = refuseOtherMethods('GET', 'POST');
    expect(Object.keys(handlers).sort()).toEqual(['DELETE', 'PATCH', 'PUT']);
    const response = handlers.PUT();
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(await response.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.stringMatching(/GET and POST/) } });
    expect(isMethodRefusal(handlers.PUT)).toBe(true);
    expect(isMethodRefusal(async () => new Response())).toBe(false);
  });
});
