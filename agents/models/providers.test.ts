import { APICallError, type LanguageModelV3, type LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { FatalError, RetryableError } from 'workflow';
import { describe, expect, it } from 'vitest';
import { abortRunLocally } from '@/lib/chat/cancellation';
import { durableModel } from './providers';

/** A provider whose stream sends a little text and then fails, as a dropped connection does. */
function failingModel(): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'test',
    modelId: 'failing',
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('not used')),
    doStream: async () => ({
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'text-start', id: 't' });
          controller.enqueue({ type: 'text-delta', id: 't', delta: 'Hel' });
          setTimeout(() => controller.error(new Error('connection reset')), 5);
        },
      }),
    }),
  };
}

async function drain(stream: ReadableStream<unknown>) {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
}

describe('a durable model call', () => {
  it('stops watching its run for Stop when the provider stream fails', async () => {
    const { stream } = await durableModel(failingModel(), 'wrun_failing').doStream({ prompt: [] });
    await expect(drain(stream)).rejects.toThrow('connection reset');
    // Nothing left to abort: the watch (and its poll of the world) ended with the call.
    expect(abortRunLocally('wrun_failing')).toBe(0);
  });

  it('stops watching when the reader lets go of the stream', async () => {
    const { stream } = await durableModel(failingModel(), 'wrun_dropped').doStream({ prompt: [] });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel('page closed');
    expect(abortRunLocally('wrun_dropped')).toBe(0);
  });
});

/** A provider whose call, or whose stream, fails the way `how` says. */
function modelFailing(how: 'call' | 'stream' | 'error-part', error: unknown): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'test',
    modelId: 'failing',
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('not used')),
    doStream: async () => {
      if (how === 'call') throw error;
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            controller.enqueue({ type: 'text-start', id: 't' });
            if (how === 'stream') controller.error(error);
            else controller.enqueue({ type: 'error', error });
          },
        }),
      };
    },
  };
}

const httpError = (statusCode: number, responseHeaders: Record<string, string> = {}) =>
  new APICallError({ message: `provider says ${statusCode}`, url: 'http://x/v1', requestBodyValues: {}, statusCode, responseHeaders });

async function streamFailure(model: LanguageModelV3): Promise<unknown> {
  try {
    const { stream } = await durableModel(model, `wrun_${Math.random()}`).doStream({ prompt: [] });
    await drain(stream);
  } catch (error) {
    return error;
  }
  throw new Error('the model call did not fail');
}

describe('a durable model call that the provider refuses', () => {
  it('is final on a 400 from the call itself', async () => {
    const error = await streamFailure(modelFailing('call', httpError(400)));
    expect(FatalError.is(error)).toBe(true);
    expect((error as Error).message).toBe('provider says 400');
  });

  it('is retried after Retry-After on a 429 that fails the stream', async () => {
    const error = await streamFailure(modelFailing('stream', httpError(429, { 'retry-after': '5' })));
    expect(RetryableError.is(error)).toBe(true);
    expect((error as RetryableError).retryAfter.getTime() - Date.now()).toBeGreaterThan(4000);
  });

  it('fails, instead of answering on, when the stream reports an error part', async () => {
    const final = await streamFailure(modelFailing('error-part', httpError(401)));
    expect(FatalError.is(final)).toBe(true);
    const transient = await streamFailure(modelFailing('error-part', { message: 'overloaded', type: 'server_error' }));
    expect(transient).toBeInstanceOf(Error);
    expect((transient as Error).message).toContain('overloaded');
  });
});
