import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { gateway } from 'ai';
import { getStepMetadata } from 'workflow';
import { watchRunCancellation } from '@/lib/chat/cancellation';
import { createDemoModel } from './demo-model';
import { classifyProviderError, classifyStreamErrors } from './provider-errors';
import { parseModelId } from './registry';
import { coalesceDeltas } from './stream-coalescing';

// Model construction, done inside model steps where the environment is readable.

export function createDemoModelFromEnv(): LanguageModelV3 {
  const delay = Number(process.env.DEMO_MODEL_DELAY_MS ?? 30);
  return createDemoModel({ delayMs: Number.isFinite(delay) && delay >= 0 ? delay : 30 });
}

/** The model behind a registry id (see registry.ts), built from the environment. */
export function createModel(registryId: string): LanguageModelV3 {
  const parsed = parseModelId(registryId);
  if (!parsed) throw new Error(`Unknown model "${registryId}"`);
  if (parsed.provider === 'demo') return createDemoModelFromEnv();
  if (parsed.provider === 'gateway') return gateway(parsed.name);
  return createOpenAICompatibleModel(parsed.name);
}

function createOpenAICompatibleModel(modelId: string): LanguageModelV3 {
  const baseURL = process.env.OPENAI_COMPATIBLE_BASE_URL?.trim();
  if (!baseURL) throw new Error('OPENAI_COMPATIBLE_BASE_URL is not set');
  const provider = createOpenAI({
    baseURL,
    apiKey: process.env.OPENAI_COMPATIBLE_API_KEY?.trim() || 'not-needed',
    name: 'openai-compatible',
  });
  // Chat Completions is the API that OpenAI-compatible servers actually share.
  return provider.chat(modelId);
}

/** How long deltas may wait to be written together (STREAM_COALESCE_MS, default 50; 0 turns it off). */
export function coalesceWindowMs(): number {
  const value = Number(process.env.STREAM_COALESCE_MS ?? 50);
  return Number.isFinite(value) && value >= 0 ? value : 50;
}

/**
 * What every model of a turn is wrapped in:
 * - its streaming call is aborted when the run is stopped (DurableAgent passes models no
 *   abort signal, and a cancelled run's step would stream on otherwise);
 * - its deltas are batched into time boxes, so a turn writes tens of chunks, not hundreds;
 * - its errors, thrown or streamed, are classified so the model step retries only what may
 *   succeed next time, and as late as the provider asks (provider-errors.ts).
 */
export function durableModel(model: LanguageModelV3, runId: string): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    async doGenerate(options) {
      try {
        return await model.doGenerate(options);
      } catch (error) {
        throw classifyProviderError(error, stepAttempt());
      }
    },
    async doStream(options) {
      const watch = watchRunCancellation(runId);
      const abortSignal = options.abortSignal ? AbortSignal.any([options.abortSignal, watch.signal]) : watch.signal;
      const attempt = stepAttempt();
      try {
        const result = await model.doStream({ ...options, abortSignal });
        const stream = classifyStreamErrors(result.stream, (error) => classifyProviderError(error, attempt))
          .pipeThrough(
            new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
              transform(part, controller) {
                if (watch.signal.aborted) controller.error(watch.signal.reason);
                else controller.enqueue(part);
              },
              flush: () => watch.stop(),
              // The provider's stream failed or its reader let go: flush never comes then.
              // (Node 20 calls a transformer's `cancel`; TypeScript's DOM types lack it.)
              cancel: () => watch.stop(),
            } as Transformer<LanguageModelV3StreamPart, LanguageModelV3StreamPart>),
          )
          .pipeThrough(coalesceDeltas(coalesceWindowMs()));
        return { ...result, stream };
      } catch (error) {
        watch.stop();
        throw classifyProviderError(error, attempt);
      }
    },
  };
}

/** The model step's attempt (1, 2, …) for backoffs; 1 outside a step (scripts, unit tests). */
function stepAttempt(): number {
  try {
    return getStepMetadata().attempt;
  } catch {
    return 1;
  }
}
