import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
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
