import { APICallError, getErrorMessage, type LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { FatalError, RetryableError } from 'workflow';

/**
 * A model provider's failure, in the terms the step runtime retries by. DurableAgent calls the
 * model's `doStream` directly, so the AI SDK's own retries do not apply; the model step's
 * retries are the only ones, and these decide how they are spent:
 * - a 4xx other than 429 (bad request, bad key, unknown model) fails the same way every time:
 *   `FatalError`, no retry, the turn fails at once with the provider's message;
 * - 429 and 503 say when to come back: `RetryableError` after `Retry-After` (or `retry-after-ms`),
 *   else after a backoff of 2 s, 4 s, 8 s… (at most a minute);
 * - anything else (network errors, other 5xx, a broken stream) is left as it is: the step's
 *   normal retries, one second apart.
 */

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 60_000;

/** The wait before attempt `attempt + 1` when the provider did not say how long. */
export function providerBackoffMs(attempt: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/** `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string | undefined> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const header = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]?.trim();
  const ms = Number(header('retry-after-ms'));
  if (header('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = header('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface HttpFailure {
  status: number;
  headers?: Record<string, string>;
}

/**
 * The HTTP status (and headers) behind an error: an `APICallError`, or a provider error that
 * carries `statusCode` and keeps the `APICallError` as its cause (the AI Gateway's errors).
 */
function httpFailureOf(error: unknown): HttpFailure | undefined {
  let status: number | undefined;
  let headers: Record<string, string> | undefined;
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { statusCode?: unknown; responseHeaders?: unknown };
    if (status === undefined && typeof candidate.statusCode === 'number') status = candidate.statusCode;
    if (!headers && APICallError.isInstance(e)) headers = e.responseHeaders;
  }
  return status === undefined ? undefined : { status, headers };
}

/** What to throw from a model step for this provider error (`attempt` is the step's, from 1). */
export function classifyProviderError(error: unknown, attempt: number, now = Date.now()): Error {
  const cause = error instanceof Error ? error : new Error(getErrorMessage(error));
  const failure = httpFailureOf(error);
  if (!failure) return cause;
  const { status, headers } = failure;
  if (status === 429 || status === 503) {
    return new RetryableError(cause.message, { retryAfter: retryAfterMs(headers, now) ?? providerBackoffMs(attempt) });
  }
  if (status >= 400 && status < 500) return new FatalError(cause.message);
  return cause;
}

/**
 * The provider's stream, failing with the classified error both when the stream itself fails and
 * when it reports an `error` part: DurableAgent's model step only writes such a part to the chat
 * and carries on, so a provider failure mid-answer would otherwise be stored as a completed turn.
 */
export function classifyStreamErrors(
  source: ReadableStream<LanguageModelV3StreamPart>,
  classify: (error: unknown) => Error,
): ReadableStream<LanguageModelV3StreamPart> {
  const reader = source.getReader();
  return new ReadableStream<LanguageModelV3StreamPart>({
    async pull(controller) {
      let next: ReadableStreamReadResult<LanguageModelV3StreamPart>;
      try {
        next = await reader.read();
      } catch (error) {
        controller.error(classify(error));
        return;
      }
      if (next.done) controller.close();
      else if (next.value.type === 'error') {
        controller.error(classify(next.value.error));
        reader.cancel('the provider reported an error').catch(() => {});
      } else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
