import { APICallError } from '@ai-sdk/provider';
import { FatalError, RetryableError } from 'workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyProviderError, providerBackoffMs, retryAfterMs } from './provider-errors';

// Which provider failures the model step retries, and when: a retry that cannot succeed only
// delays the error the user sees; one that comes too early is refused again.

const now = Date.parse('2026-05-04T12:00:00Z');
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
});
afterEach(() => vi.useRealTimers());

function providerError(statusCode: number, responseHeaders: Record<string, string> = {}, message = `HTTP ${statusCode} from the provider`) {
  return new APICallError({ message, url: 'https://models.example/v1/chat/completions', requestBodyValues: {}, statusCode, responseHeaders });
}

/** When the runtime will run the step again, in ms from `now`. */
const delayOf = (error: Error) => (error as RetryableError).retryAfter.getTime() - now;

describe('a provider error', () => {
  it.each([400, 401, 403, 404, 422])('with status %i is final, with the provider message', (status) => {
    const error = classifyProviderError(providerError(status, {}, 'Invalid model "gpt-9"'), 1, now);
    expect(FatalError.is(error)).toBe(true);
    expect(error.message).toBe('Invalid model "gpt-9"');
  });

  it('429 waits as long as Retry-After says, in seconds', () => {
    const error = classifyProviderError(providerError(429, { 'retry-after': '7' }), 1, now);
    expect(RetryableError.is(error)).toBe(true);
    expect(delayOf(error)).toBe(7000);
  });

  it('503 waits until the HTTP date Retry-After names', () => {
    const error = classifyProviderError(providerError(503, { 'Retry-After': 'Mon, 04 May 2026 12:00:30 GMT' }), 1, now);
    expect(RetryableError.is(error)).toBe(true);
    expect(delayOf(error)).toBe(30_000);
  });

  it('429 without Retry-After backs off 2 s, 4 s, 8 s… up to a minute', () => {
    expect([1, 2, 3, 10].map(providerBackoffMs)).toEqual([2000, 4000, 8000, 60_000]);
    const third = classifyProviderError(providerError(429), 3, now);
    expect(RetryableError.is(third)).toBe(true);
    expect(delayOf(third)).toBe(8000);
  });

  it('a rate limit from the AI Gateway (status on the error, headers on its cause) waits as asked', () => {
    const gatewayError = Object.assign(new Error('Rate limit exceeded'), {
      name: 'GatewayRateLimitError',
      statusCode: 429,
      cause: providerError(429, { 'retry-after': '12' }),
    });
    const error = classifyProviderError(gatewayError, 1, now);
    expect(RetryableError.is(error)).toBe(true);
    expect(error.message).toBe('Rate limit exceeded');
    expect(delayOf(error)).toBe(12_000);
  });

  it.each([
    ['a 500', providerError(500)],
    ['a 502', providerError(502)],
    ['a network failure', new TypeError('fetch failed')],
  ])('%s is left to the step’s normal retries', (_, original) => {
    const error = classifyProviderError(original, 1, now);
    expect(error).toBe(original);
    expect(FatalError.is(error) || RetryableError.is(error)).toBe(false);
  });

  it('streamed as a plain object, becomes an Error that keeps its message', () => {
    const error = classifyProviderError({ message: 'The server had an error', type: 'server_error' }, 1, now);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('The server had an error');
    expect(FatalError.is(error) || RetryableError.is(error)).toBe(false);
  });
});

describe('Retry-After', () => {
  it('reads seconds, HTTP dates and retry-after-ms; ignores what it cannot read', () => {
    expect(retryAfterMs({ 'retry-after': '1' }, now)).toBe(1000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '1' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'Mon, 04 May 2026 11:59:00 GMT' }, now)).toBe(0); // already past
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
