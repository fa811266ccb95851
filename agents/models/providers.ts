import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { createDemoModel } from './demo-model';

// Model construction, done inside model steps where the environment is readable.

export function createDemoModelFromEnv(): LanguageModelV3 {
  const delay = Number(process.env.DEMO_MODEL_DELAY_MS ?? 30);
  return createDemoModel({ delayMs: Number.isFinite(delay) && delay >= 0 ? delay : 30 });
}

export function createOpenAICompatibleModel(modelId: string): LanguageModelV3 {
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
