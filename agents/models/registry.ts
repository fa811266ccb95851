import type { LanguageModelV3 } from '@ai-sdk/provider';
import { DEMO_MODEL_ID } from './demo-model';
import type { Env } from '@/lib/config';

/**
 * The models this install can answer with, from the environment:
 * - `demo`: the offline demo model (always there, the default);
 * - `gateway:<id>`: the Vercel AI Gateway, when AI_GATEWAY_API_KEY is set;
 * - `openai-compatible:<id>`: any OpenAI-compatible server, when OPENAI_COMPATIBLE_BASE_URL is set.
 * CHAT_MODEL picks the default among them.
 */
export type ModelProvider = 'demo' | 'gateway' | 'openai-compatible';

export interface ModelOption {
  id: string;
  label: string;
  provider: ModelProvider;
}

const GATEWAY_DEFAULT_MODELS = ['anthropic/claude-sonnet-4.5'];

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function availableModels(env: Env = process.env): ModelOption[] {
  const models: ModelOption[] = [{ id: DEMO_MODEL_ID, label: 'Demo model (offline)', provider: 'demo' }];
  if (env.AI_GATEWAY_API_KEY?.trim()) {
    const ids = list(env.AI_GATEWAY_MODELS);
    for (const id of ids.length ? ids : GATEWAY_DEFAULT_MODELS) {
      models.push({ id: `gateway:${id}`, label: `${id} (AI Gateway)`, provider: 'gateway' });
    }
  }
  if (env.OPENAI_COMPATIBLE_BASE_URL?.trim()) {
    for (const id of list(env.OPENAI_COMPATIBLE_MODEL ?? 'default')) {
      models.push({ id: `openai-compatible:${id}`, label: `${id} (${hostOf(env.OPENAI_COMPATIBLE_BASE_URL)})`, provider: 'openai-compatible' });
    }
  }
  return models;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function defaultModelId(env: Env = process.env): string {
  const models = availableModels(env);
  const wanted = env.CHAT_MODEL?.trim();
  if (wanted) {
    const match = models.find((m) => m.id === wanted || m.id.endsWith(`:${wanted}`));
    if (!match) {
      throw new Error(`CHAT_MODEL "${wanted}" is not configured; available: ${models.map((m) => m.id).join(', ')}`);
    }
    return match.id;
  }
  return DEMO_MODEL_ID;
}

export function findModel(id: string, env: Env = process.env): ModelOption | undefined {
  return availableModels(env).find((m) => m.id === id);
}

// --- Model factories for DurableAgent ---------------------------------------------------------
// DurableAgent calls a model factory inside its model step. A factory must itself be a step
// function, so its closure (model id, run id) is serialisable. Every model is wrapped so a
// stopped run's streaming call is aborted (providers.ts, `durableModel`), and its deltas batched.

export type ModelFactory = () => Promise<LanguageModelV3>;

/** A registry id's provider and the provider's own model id; undefined for an unknown id. */
export function parseModelId(id: string): { provider: ModelProvider; name: string } | undefined {
  if (id === DEMO_MODEL_ID) return { provider: 'demo', name: id };
  for (const provider of ['gateway', 'openai-compatible'] as const) {
    if (id.startsWith(`${provider}:`) && id.length > provider.length + 1) return { provider, name: id.slice(provider.length + 1) };
  }
  return undefined;
}

/** What DurableAgent's `model` option gets for a registry id. Runs in workflow context: no env, no I/O. */
export function agentModel(modelId: string, runId: string): ModelFactory {
  if (!parseModelId(modelId)) throw new Error(`Unknown model "${modelId}"`);
  return modelFactory(modelId, runId);
}

function modelFactory(modelId: string, runId: string): ModelFactory {
  return async () => {
    'use step';
    const id = modelId;
    const run = runId;
    const { createModel, durableModel } = await import('./providers');
    return durableModel(createModel(id), run);
  };
}
